import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { loadConfig } from '../../core/index.js';

let repository: TemporaryRepository;
afterEach(() => repository?.remove());

function snapshotTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path.slice(root.length + 1)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

describe('baton init', () => {
  it('detects the project, writes a config that loads, and a git-ignored .baton/', async () => {
    repository = createTemporaryRepository({
      'package.json': JSON.stringify({
        name: 'service',
        packageManager: 'pnpm@9.1.0',
        scripts: { test: 'vitest run' },
      }),
      'package-lock.json': '{}',
      'tsconfig.json': '{}',
    });
    const result = await runBaton(['init'], repository.root);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('package manager  pnpm (from package.json)');
    expect(result.stdout).toContain('test command     pnpm test');
    expect(readFileSync(join(repository.root, 'baton.config.ts'), 'utf8')).toMatchInlineSnapshot(`
      "import { defineConfig } from 'baton-workbench/config';

      // Every key is optional; see Baton's README, "Configuration".
      export default defineConfig({
        packageManager: 'pnpm',
        testCommand: 'pnpm test',
        tsconfig: 'tsconfig.json',
        // ledger: '.baton/ledger.db', // or a postgres:// URL for a team ledger
      });
      "
    `);
    repository.write('.baton/ledger.db', 'x');
    expect(repository.git('status', '--porcelain', '--ignored')).toContain('!! .baton/');

    const config = await loadConfig({ cwd: repository.root, env: {} });
    expect(config.configFile).toBe(join(repository.root, 'baton.config.ts'));
    expect(config.testCommand).toBe('pnpm test');
  });

  it('changes nothing when run twice', async () => {
    repository = createTemporaryRepository({ 'package.json': JSON.stringify({ name: 'service' }) });
    await runBaton(['init'], repository.root);
    const before = snapshotTree(repository.root);
    const second = await runBaton(['init'], repository.root);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('Already set up; nothing changed.');
    expect(snapshotTree(repository.root)).toEqual(before);
  });

  it('keeps a config file the user already has', async () => {
    repository = createTemporaryRepository({ 'baton.config.json': '{ "person": "ada" }\n' });
    const result = await runBaton(['init'], repository.root);
    expect(result.stdout).toContain('kept baton.config.json');
    expect(readdirSync(repository.root)).not.toContain('baton.config.ts');
  });

  it('refuses outside a git repository with a hint', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'baton-no-git-'));
    const result = await runBaton(['init'], outside);
    rmSync(outside, { recursive: true, force: true });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error NOT_A_GIT_REPOSITORY');
    expect(result.stderr).toContain('hint: Baton works in git worktrees');
  });
});
