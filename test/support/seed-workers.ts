import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import {
  countWorkerJob,
  recordWorkerHeartbeat,
  recordWorkerStopped,
  registerWorker,
} from '../../src/ledger/queries/workers.js';

/**
 * Three workers as of `now`: one live with a job in hand and 6 done in 3 minutes, one silent for
 * 10 minutes, one stopped; and a running run with 3 components waiting and 1 running.
 */
export async function seedWorkers(ledger: LedgerStore, now: Date): Promise<void> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const workers = [
    { id: 'wkr_live', host: 'build-1', started: 3, beat: 0 },
    { id: 'wkr_<silent>', host: 'build-2', started: 20, beat: 10 },
    { id: 'wkr_stopped', host: 'build-3', started: 30, beat: 25 },
  ];
  for (const worker of workers) {
    await registerWorker(ledger, {
      id: worker.id,
      host: worker.host,
      pid: 4242,
      version: '1.0.0',
      queue: 'redis://queue.internal:6379/',
      concurrency: 2,
      at: ago(worker.started),
    });
    await recordWorkerHeartbeat(ledger, worker.id, { at: ago(worker.beat), running: 1 });
  }
  for (let job = 0; job < 6; job++) await countWorkerJob(ledger, 'wkr_live', 'done');
  await countWorkerJob(ledger, 'wkr_live', 'failed');
  for (let job = 0; job < 2; job++) await countWorkerJob(ledger, 'wkr_<silent>', 'done');
  await recordWorkerStopped(ledger, 'wkr_stopped', ago(25));

  const at = ago(5);
  await ledger.transaction(async (writer) => {
    await writer.insert('plans', [
      {
        id: 'pln_q',
        feature: 'Queued',
        sourcePath: 'plan.yaml',
        contentHash: 'h',
        document: '{}',
        createdAt: at,
      },
    ]);
    await writer.insert('runs', [
      {
        id: 'run_q',
        planId: 'pln_q',
        status: 'running',
        startedAt: at,
        endedAt: null,
        budgetUsd: null,
        options: '{}',
      },
    ]);
    await writer.insert(
      'components',
      ['pending', 'pending', 'pending', 'running', 'done'].map((status, index) => ({
        id: `cmp_q${index}`,
        planId: 'pln_q',
        key: `part${index}`,
        title: `Part ${index}`,
        kind: 'ui',
        triage: null,
        ownerRole: null,
        estimateHours: null,
        status: status as 'pending' | 'running' | 'done',
        triageReasons: null,
        statusReason: null,
        evidenceAttemptId: null,
        createdAt: at,
        updatedAt: at,
      })),
    );
  });
}
