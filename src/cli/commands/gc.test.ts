import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { createWorktree, runOwnerFile } from '../../workspace/worktree.js';

let repository: TemporaryRepository;
afterEach(() => repository?.remove());

describe('baton gc', () => {
  it('removes a worktree and branch left behind by a crashed run', async () => {
    repository = createTemporaryRepository({ 'a.txt': 'a\n' });
    repository.git('add', '.');
    repository.git('commit', '-q', '-m', 'initial');
    const dataDir = join(repository.root, '.baton');
    const left = await createWorktree({
      repository: repository.root,
      dataDir,
      runId: 'run_7',
      componentId: 'db',
      attempt: 1,
    });
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
        .stdout,
    );
    writeFileSync(
      runOwnerFile(dataDir, 'run_7'),
      JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-11-24T00:00:00Z' }),
    );

    const preview = await runBaton(['gc', '--dry-run'], repository.root);
    expect(preview.exitCode).toBe(0);
    expect(preview.stdout).toContain('Would remove branch baton/run_7/db/1');
    expect(existsSync(left.path)).toBe(true);

    const result = await runBaton(['gc'], repository.root);
    expect(result.stdout.replaceAll(repository.root, '<root>').replace(/\/private/g, '')).toContain(
      'Removed worktree <root>/.baton/worktrees/run_7/db/1\nRemoved branch baton/run_7/db/1',
    );
    expect(existsSync(left.path)).toBe(false);
    expect(repository.git('branch', '--list', 'baton/*').trim()).toBe('');
    expect((await runBaton(['gc'], repository.root)).stdout).toBe('Nothing to remove.\n');
  });
});
