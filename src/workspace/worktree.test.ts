import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../test/support/temporary-repository.js';
import { BatonError } from '../core/errors.js';
import { collectGarbage } from './gc.js';
import { createWorktree, removeWorktree, runOwnerFile, worktreeBranchName } from './worktree.js';

let repository: TemporaryRepository;
let dataDir: string;
beforeEach(() => {
  repository = createTemporaryRepository({ 'src/index.ts': 'export const version = 1;\n' });
  repository.git('add', '.');
  repository.git('commit', '-q', '-m', 'initial');
  dataDir = join(repository.root, '.baton');
});
afterEach(() => repository.remove());

/** A pid that belonged to a process which has exited: what a crashed run leaves in its owner file. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('worktrees', () => {
  it('names branches baton/<run>/<component>/<attempt> and refuses names git would reject', () => {
    expect(worktreeBranchName('run_01', 'api-endpoints', 2)).toBe('baton/run_01/api-endpoints/2');
    for (const bad of ['..', 'a b', '-x', 'x.lock', 'x/y']) {
      expect(() => worktreeBranchName(bad, 'c', 1)).toThrow(BatonError);
    }
    expect(() => worktreeBranchName('run', 'c', 0)).toThrow(/start at 1/);
  });

  it('creates one isolated worktree per attempt and removes it cleanly', async () => {
    const first = await createWorktree({
      repository: repository.root,
      dataDir,
      runId: 'run_1',
      componentId: 'schema',
      attempt: 1,
    });
    const second = await createWorktree({
      repository: repository.root,
      dataDir,
      runId: 'run_1',
      componentId: 'schema',
      attempt: 2,
    });
    expect(first.path).toBe(join(dataDir, 'worktrees', 'run_1', 'schema', '1'));
    expect(first.branch).toBe('baton/run_1/schema/1');
    expect(readFileSync(join(first.path, 'src', 'index.ts'), 'utf8')).toBe('export const version = 1;\n');
    writeFileSync(join(first.path, 'src', 'index.ts'), 'export const version = 2;\n');
    expect(readFileSync(join(second.path, 'src', 'index.ts'), 'utf8')).toBe('export const version = 1;\n');
    expect(readFileSync(join(repository.root, 'src', 'index.ts'), 'utf8')).toBe(
      'export const version = 1;\n',
    );
    // The main checkout does not see the worktrees as untracked files.
    expect(repository.git('status', '--porcelain')).toBe('');
    await expect(
      createWorktree({
        repository: repository.root,
        dataDir,
        runId: 'run_1',
        componentId: 'schema',
        attempt: 1,
      }),
    ).rejects.toMatchObject({ code: 'WORKTREE_FAILED' });

    await removeWorktree(repository.root, dataDir, first);
    await removeWorktree(repository.root, dataDir, second, { keepBranch: true });
    expect(existsSync(first.path)).toBe(false);
    expect(repository.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(repository.git('branch', '--list', 'baton/*').trim()).toBe('baton/run_1/schema/2');
    expect(existsSync(join(dataDir, 'worktrees', 'run_1', 'schema'))).toBe(false);
  });

  it('gc removes what a crashed run left behind and keeps a live run', async () => {
    const crashed = await createWorktree({
      repository: repository.root,
      dataDir,
      runId: 'run_crashed',
      componentId: 'api',
      attempt: 1,
    });
    writeFileSync(join(crashed.path, 'half-written.ts'), 'export const x =');
    // The run's process died: its owner file names a pid that no longer exists.
    writeFileSync(
      runOwnerFile(dataDir, 'run_crashed'),
      JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const live = await createWorktree({
      repository: repository.root,
      dataDir,
      runId: 'run_live',
      componentId: 'api',
      attempt: 1,
    });
    // A branch whose worktree folder was deleted by hand, from a run with no owner file at all.
    repository.git('branch', 'baton/run_orphan/ui/3');

    const preview = await collectGarbage({ repository: repository.root, dataDir, dryRun: true });
    expect(preview.removedBranches.sort()).toEqual(['baton/run_crashed/api/1', 'baton/run_orphan/ui/3']);
    expect(existsSync(crashed.path)).toBe(true);

    const report = await collectGarbage({ repository: repository.root, dataDir });
    expect(report.removedWorktrees.map((path) => path.endsWith(join('run_crashed', 'api', '1')))).toEqual([
      true,
    ]);
    expect(report.removedBranches.sort()).toEqual(['baton/run_crashed/api/1', 'baton/run_orphan/ui/3']);
    expect(report.liveRuns).toEqual(['run_live']);
    expect(existsSync(join(dataDir, 'worktrees', 'run_crashed'))).toBe(false);
    expect(existsSync(live.path)).toBe(true);
    expect(repository.git('for-each-ref', '--format=%(refname:short)', 'refs/heads/baton/').trim()).toBe(
      'baton/run_live/api/1',
    );
    expect(repository.git('worktree', 'list', '--porcelain')).not.toContain('run_crashed');

    const everything = await collectGarbage({ repository: repository.root, dataDir, all: true });
    expect(everything.removedBranches).toEqual(['baton/run_live/api/1']);
    expect(repository.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});
