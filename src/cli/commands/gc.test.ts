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
import { loadConfig } from '../../core/index.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
} from '../../engine/__fixtures__/run-project.js';
import { runPlan } from '../../engine/index.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { createLedgerRecorder, createRedactor, withReliability } from '../../providers/index.js';
import { createScriptedProvider } from '../../testing/index.js';
import { createWorktree, runOwnerFile, worktreesRoot } from '../../workspace/index.js';

let repository: TemporaryRepository | undefined;
let project: RunProject | undefined;
afterEach(() => {
  repository?.remove();
  project?.remove();
  repository = undefined;
  project = undefined;
});

/** The pid of a process that has exited, so a run it owned counts as crashed. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout,
  );
}

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
    const dead = deadPid();
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

  it('after a crashed run, removes its stale worktrees but keeps what the resume and the review need', async () => {
    project = createRunProject(planYaml([{ id: 'hello' }, { id: 'goodbye', dependsOn: ['hello'] }]));
    const root = project.root;
    const config = await loadConfig({ cwd: root, env: {} });
    const ledgerPath = (config.ledger as { path: string }).path;
    const run = async (answer: (call: number, stop: () => void) => string, resume?: string) => {
      const ledger = await openSqliteLedger({ path: ledgerPath });
      const controller = new AbortController();
      let calls = 0;
      const scripted = createScriptedProvider(() => answer(++calls, () => controller.abort()));
      try {
        return await runPlan({
          config,
          ledger,
          provider: withReliability(scripted, {
            observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}) })],
          }),
          concurrency: 1,
          signal: controller.signal,
          ...(resume ? { resume } : { planFile: project?.planFile }),
        });
      } finally {
        await ledger.close();
      }
    };
    // The process "dies" during goodbye's call: its worktree stays, and so does an owner file.
    const crashed = await run((call, stop) => {
      if (call === 1) return goodAnswer('hello');
      stop();
      throw new Error('killed');
    });
    expect(crashed.status).toBe('cancelled');
    const runId = crashed.runId;
    const stale = join(worktreesRoot(config.dataDir), runId, 'goodbye', '1');
    expect(existsSync(stale)).toBe(true);
    // This test process ran it and is still alive; a dead owner is what a crash leaves.
    const ownerDied = () =>
      writeFileSync(
        runOwnerFile(config.dataDir, runId),
        JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: '2026-11-24T00:00:00Z' }),
      );
    ownerDied();

    const collected = await runBaton(['gc'], root);
    expect(collected.exitCode, collected.stderr).toBe(0);
    expect(collected.stdout).toContain(`Removed branch baton/${runId}/goodbye/1`);
    expect(collected.stdout).toContain(`Kept branch baton/${runId}/hello/1: done, awaiting review or merge`);
    expect(existsSync(stale)).toBe(false);
    expect(project.git('branch', '--list', `baton/${runId}/hello/1`).trim()).not.toBe('');

    const resumed = await run(() => goodAnswer('goodbye'), runId);
    expect(resumed.status).toBe('succeeded');
    const list = await runBaton(['review', '--list'], root);
    expect(list.stdout).toContain('hello  awaiting-review');
    expect(list.stdout).toContain('goodbye  awaiting-review');

    // Done but not merged: both branches survive another collection; a merge lets them go.
    ownerDied();
    const again = await runBaton(['gc'], root);
    expect(again.stdout).toContain(`Kept branch baton/${runId}/goodbye/1: done, awaiting review or merge`);
    expect(project.git('branch', '--list', 'baton/*').trim().split('\n')).toHaveLength(2);
    expect((await runBaton(['review', '--yes'], root)).exitCode).toBe(0);
    const afterMerge = await runBaton(['gc'], root);
    expect(afterMerge.stdout).toContain(`Removed branch baton/${runId}/hello/1`);
    expect(project.git('branch', '--list', 'baton/*').trim()).toBe('');
  }, 180_000);
});
