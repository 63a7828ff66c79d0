import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDirectoryWorkspaces, createGitWorkspaces } from './attempt-workspace.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A repository with installed packages, its .gitignore as given. */
function repository(gitignore: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'baton-attempt-workspace-'));
  folders.push(root);
  git(root, 'init', '-q', '-b', 'main');
  if (gitignore !== undefined) writeFileSync(join(root, '.gitignore'), gitignore);
  writeFileSync(join(root, 'README.md'), '# service\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'start');
  mkdirSync(join(root, 'node_modules', 'pg'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'pg', 'index.js'), '');
  return root;
}

describe('git attempt workspaces', () => {
  it.each([
    ['ignores node_modules', 'node_modules\n'],
    ['ignores node_modules/', 'node_modules/\n'],
    ['has no .gitignore', undefined],
  ])('commit an attempt’s files, never the packages’ link, in a project that %s', async (_, gitignore) => {
    const root = repository(gitignore);
    const workspaces = createGitWorkspaces(root, join(root, '.baton'));
    const base = await workspaces.currentCommit();
    const workspace = await workspaces.open({
      runId: 'run_test',
      componentId: 'api',
      attempt: 1,
      bases: [base],
    });
    writeFileSync(join(workspace.path, 'api.ts'), 'export const api = 1;\n');

    const commit = await workspaces.commit(workspace, { subject: 'api', trailers: { 'Baton-Attempt': '1' } });

    const files = git(root, 'ls-tree', '-r', '--name-only', commit).split('\n').filter(Boolean);
    expect(files).toContain('api.ts');
    expect(files.filter((file) => file.startsWith('node_modules'))).toEqual([]);
    await workspaces.release(workspace);
  });
});

describe('directory workspaces', () => {
  it('lists, hashes and removes an attempt folder, symlinks as links and a missing folder included', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-directory-workspace-'));
    folders.push(dataDir);
    const workspaces = createDirectoryWorkspaces(dataDir);
    const options = { runId: 'run_1', componentId: 'api', attempt: 1, bases: ['directory'] };
    const workspace = await workspaces.open(options);
    mkdirSync(join(workspace.path, 'src', 'deep'), { recursive: true });
    writeFileSync(join(workspace.path, 'src', 'deep', 'b.ts'), 'export const b = 1;\n');
    writeFileSync(join(workspace.path, 'src-a.ts'), 'export const a = 1;\n');
    symlinkSync('/nonexistent/target', join(workspace.path, 'src', 'link'));
    expect(await workspaces.changedFiles(workspace)).toEqual(['src-a.ts', 'src/deep/b.ts', 'src/link']);

    const first = await workspaces.commit(workspace, { subject: 'api', trailers: {} });
    expect(await workspaces.commit(workspace, { subject: 'api', trailers: {} })).toBe(first);
    writeFileSync(join(workspace.path, 'src', 'deep', 'b.ts'), 'export const b = 2;\n');
    expect(await workspaces.commit(workspace, { subject: 'api', trailers: {} })).not.toBe(first);

    // Opening the same attempt again starts from an empty folder.
    const again = await workspaces.open(options);
    expect(await workspaces.changedFiles(again)).toEqual([]);
    await workspaces.release(again);
    expect(existsSync(again.path)).toBe(false);
    expect(existsSync(dirname(again.path))).toBe(false);
    await workspaces.release(again);
  });
});
