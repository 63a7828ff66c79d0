import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { BatonError } from '../errors.js';
import { loadConfig } from './load.js';

let repository: TemporaryRepository | undefined;
afterEach(() => repository?.remove());

async function failure(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!BatonError.isInstance(error)) throw new Error(`expected a BatonError, got ${String(error)}`);
  return error;
}

describe('errors in a baton.config.ts', () => {
  it('name the file, line and column of each bad key and value', async () => {
    repository = createTemporaryRepository({
      'baton.config.ts': [
        "import { defineConfig } from 'baton-workbench/config';",
        '',
        'export default defineConfig({',
        '  testCommand: 5,',
        "  verify: { failOn: 'sometimes' },",
        "  ledgr: 'x.db',",
        '});',
        '',
      ].join('\n'),
    });
    const path = `${repository.root}/baton.config.ts`;
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${path}:4:16: testCommand: expected string, got number 5`);
    expect(error.message).toContain(`${path}:5:21: verify.failOn: expected one of`);
    expect(error.message).toContain(`${path}:6:3: ledgr: unknown key "ledgr"; did you mean "ledger"?`);
  });

  it('place a throw while loading at its line, and print the error once', async () => {
    repository = createTemporaryRepository({
      'baton.config.ts': 'export default {\n  testCommand: process.env.NOT_SET!.trim(),\n};\n',
    });
    const run = await runBaton(['verify', '--checks', 'types'], repository.root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^error CONFIG_LOAD_FAILED: Could not load ${repository.root}/baton.config.ts:2:\\d+: `),
    );
    expect(run.stderr.match(/CONFIG_LOAD_FAILED/g)).toHaveLength(1);
    expect(run.stderr).not.toContain('warning');
  });

  it('print an invalid value once, not again as a warning about recording time', async () => {
    repository = createTemporaryRepository({ 'baton.config.ts': 'export default { testCommand: 5 };\n' });
    const run = await runBaton(['verify', '--checks', 'types'], repository.root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.match(/expected string, got number 5/g)).toHaveLength(1);
    expect(run.stderr).toContain('baton.config.ts:1:31: testCommand');
  });
});
