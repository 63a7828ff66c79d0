import { afterEach, describe, expect, it } from 'vitest';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { BatonError } from '../errors.js';
import { loadConfig, parseLedgerLocation } from './load.js';

let repository: TemporaryRepository;
afterEach(() => repository?.remove());

async function failure(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!BatonError.isInstance(error)) throw new Error(`expected a BatonError, got ${String(error)}`);
  return error;
}

describe('loadConfig', () => {
  it('fills every default from the repository when there is no config file', async () => {
    repository = createTemporaryRepository({
      'package.json': JSON.stringify({ name: 'service', scripts: { test: 'vitest run' } }),
      'pnpm-lock.yaml': '',
      'tsconfig.json': '{}',
    });
    const config = await loadConfig({ cwd: repository.root, env: {} });
    expect(config).toMatchObject({
      root: repository.root,
      configFile: undefined,
      dataDir: `${repository.root}/.baton`,
      ledger: { kind: 'sqlite', path: `${repository.root}/.baton/ledger.db` },
      packageManager: 'pnpm',
      testCommand: 'pnpm test',
      tsconfig: 'tsconfig.json',
      person: 'Ada Lovelace',
    });
  });

  it('applies layers in order: defaults < file < environment < flags', async () => {
    repository = createTemporaryRepository({
      'baton.config.json': JSON.stringify({
        ledger: 'from-file.db',
        testCommand: 'make test',
        person: 'file',
      }),
    });
    const config = await loadConfig({
      cwd: repository.root,
      env: { BATON_TEST_COMMAND: 'npm run unit', BATON_PERSON: 'env', BATON_LEDGER_URL: 'from-env.db' },
      flags: { ledger: 'from-flag.db' },
    });
    expect(config.configFile).toBe(`${repository.root}/baton.config.json`);
    expect(config.testCommand).toBe('npm run unit');
    expect(config.person).toBe('env');
    expect(config.ledger).toEqual({ kind: 'sqlite', path: `${repository.root}/from-flag.db` });
  });

  it('loads a TypeScript config that imports defineConfig from baton, found from a subfolder', async () => {
    repository = createTemporaryRepository({
      'baton.config.ts':
        "import { defineConfig } from 'baton/config';\nconst manager: 'yarn' = 'yarn';\nexport default defineConfig({ packageManager: manager });\n",
      'packages/api/index.ts': '',
    });
    const config = await loadConfig({ cwd: `${repository.root}/packages/api`, env: {} });
    expect(config.root).toBe(repository.root);
    expect(config.packageManager).toBe('yarn');
  });

  it('loads a config that imports from the package by its published name, baton-workbench', async () => {
    repository = createTemporaryRepository({
      'baton.config.ts':
        "import { defineConfig } from 'baton-workbench/config';\nexport default defineConfig({ testCommand: typeof defineConfig });\n",
    });
    const config = await loadConfig({ cwd: repository.root, env: {} });
    expect(config.testCommand).toBe('function');
  });

  it('names file, line, column, key and expected type for every bad key at once', async () => {
    repository = createTemporaryRepository({
      'baton.config.json': '{\n  "ledgr": "x.db",\n  "testCommand": 5,\n  "packageManager": "pip"\n}\n',
    });
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
    const file = `${repository.root}/baton.config.json`;
    expect(error.message).toContain(`${file}:2:3: ledgr: unknown key "ledgr"; did you mean "ledger"?`);
    expect(error.message).toContain(`${file}:3:18: testCommand: expected string, got number 5`);
    expect(error.message).toContain(
      `${file}:4:21: packageManager: expected one of "npm", "pnpm", "yarn", "bun", got the string "pip"`,
    );
  });

  it('points at the syntax error in a malformed JSON config', async () => {
    repository = createTemporaryRepository({ 'baton.config.json': '{\n  "ledger": "a.db",,\n}\n' });
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/baton\.config\.json:2:\d+: \(syntax\)/);
  });

  it('names the file when a TypeScript config does not load', async () => {
    repository = createTemporaryRepository({ 'baton.config.ts': 'export default defineConfig({ ledger: \n' });
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.code).toBe('CONFIG_LOAD_FAILED');
    expect(error.message).toContain(`${repository.root}/baton.config.ts`);
  });

  it('validates a TypeScript config like any other layer', async () => {
    repository = createTemporaryRepository({ 'baton.config.mjs': 'export default { dataDir: 42 };\n' });
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.message).toContain(
      `${repository.root}/baton.config.mjs:1:27: dataDir: expected string, got number 42`,
    );
  });

  it('names the environment variable at fault', async () => {
    repository = createTemporaryRepository();
    const error = await failure(loadConfig({ cwd: repository.root, env: { BATON_PACKAGE_MANAGER: 'pip' } }));
    expect(error.message).toContain(
      'environment variable BATON_PACKAGE_MANAGER: packageManager: expected one of',
    );
  });

  it('refuses two config files side by side', async () => {
    repository = createTemporaryRepository({
      'baton.config.json': '{}',
      'baton.config.ts': 'export default {};',
    });
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.message).toContain('baton.config.ts, baton.config.json');
  });

  it('fails clearly when --config names a missing file', async () => {
    repository = createTemporaryRepository();
    const error = await failure(loadConfig({ cwd: repository.root, env: {}, configFile: 'nope.json' }));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.hint).toContain('baton init');
  });
});

describe('parseLedgerLocation', () => {
  it('reads file paths relative to the root and postgres URLs as they are', () => {
    expect(parseLedgerLocation('data/ledger.db', '/repo')).toEqual({
      kind: 'sqlite',
      path: '/repo/data/ledger.db',
    });
    expect(parseLedgerLocation('/abs/ledger.db', '/repo')).toEqual({
      kind: 'sqlite',
      path: '/abs/ledger.db',
    });
    expect(parseLedgerLocation('postgresql://u@db:5432/l', '/repo')).toEqual({
      kind: 'postgres',
      url: 'postgresql://u@db:5432/l',
    });
  });

  it('refuses a scheme it cannot store in', () => {
    expect(() => parseLedgerLocation('mysql://db/ledger', '/repo')).toThrow(/Unsupported ledger URL scheme/);
  });
});
