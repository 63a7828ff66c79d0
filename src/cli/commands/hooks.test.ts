import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const created = mkdtempSync(join(tmpdir(), 'baton-hooks-cli-'));
  folders.push(created);
  return created;
}

describe('baton hooks', () => {
  it('prints the Claude Code hooks without writing anything', async () => {
    const root = folder();
    const run = await runBaton(['hooks', 'print', 'claude-code'], root);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).hooks.Stop[0].hooks[0]).toEqual({
      type: 'command',
      command: 'baton hooks run claude-code',
      timeout: 900,
    });
    expect(run.stderr).toContain(join('.claude', 'settings.json'));
  });

  it('installs, then says it updated on a second run', async () => {
    const root = folder();
    const first = await runBaton(['hooks', 'install', 'cursor'], root);
    expect(first.stdout).toContain(`Installed Baton's cursor hook in ${join('.cursor', 'hooks.json')}.`);
    const second = await runBaton(['hooks', 'install', 'cursor'], root);
    expect(second.stdout).toContain("Updated Baton's cursor hook");
    expect(JSON.parse(readFileSync(join(root, '.cursor', 'hooks.json'), 'utf8')).hooks.stop).toHaveLength(1);
  });

  it('names the agents it knows when given another', async () => {
    const run = await runBaton(['hooks', 'install', 'windsurf'], folder());
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"windsurf" is not an agent or git hook Baton can install hooks for.');
    expect(run.stderr).toContain('claude-code, cursor, pre-commit, pre-push');
  });
});
