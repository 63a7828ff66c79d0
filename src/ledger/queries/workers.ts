import type { LedgerStore } from '../ledger-store.js';

/**
 * A worker as `baton workers` and the dashboard show it; it is also the row of the `workers` table
 * (migration 0008), operational state that stays out of exports and counts.
 */
export interface WorkerRecord {
  id: string;
  host: string;
  pid: number;
  version: string;
  /** The queue's URL without its password. */
  queue: string;
  concurrency: number;
  startedAt: string;
  heartbeatAt: string;
  stoppedAt: string | null;
  /** Jobs running at the last heartbeat. */
  running: number;
  jobsDone: number;
  jobsFailed: number;
}

type WorkersTable = WorkerRecord;

function workers(ledger: LedgerStore) {
  return ledger.db.withTables<{ workers: WorkersTable }>();
}

function recordOf(row: WorkersTable): WorkerRecord {
  return {
    ...row,
    pid: Number(row.pid),
    concurrency: Number(row.concurrency),
    running: Number(row.running),
    jobsDone: Number(row.jobsDone),
    jobsFailed: Number(row.jobsFailed),
  };
}

export interface RegisterWorker {
  id: string;
  host: string;
  pid: number;
  version: string;
  queue: string;
  concurrency: number;
  at: string;
}

/** Records a worker at start; registering the same id again (a restart under a fixed id) starts it afresh. */
export async function registerWorker(ledger: LedgerStore, worker: RegisterWorker): Promise<void> {
  const row = {
    host: worker.host,
    pid: worker.pid,
    version: worker.version,
    queue: worker.queue,
    concurrency: worker.concurrency,
    startedAt: worker.at,
    heartbeatAt: worker.at,
    stoppedAt: null,
    running: 0,
  };
  await workers(ledger)
    .insertInto('workers')
    .values({ id: worker.id, ...row, jobsDone: 0, jobsFailed: 0 })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(row))
    .execute();
}

/** A heartbeat: the worker is alive at `at` with `running` jobs in hand. */
export async function recordWorkerHeartbeat(
  ledger: LedgerStore,
  id: string,
  beat: { at: string; running: number },
): Promise<void> {
  await workers(ledger)
    .updateTable('workers')
    .set({ heartbeatAt: beat.at, running: beat.running })
    .where('id', '=', id)
    .execute();
}

/** Counts one finished job against the worker, for per-worker throughput. */
export async function countWorkerJob(
  ledger: LedgerStore,
  id: string,
  outcome: 'done' | 'failed',
): Promise<void> {
  await workers(ledger)
    .updateTable('workers')
    .set((expression) =>
      outcome === 'done'
        ? { jobsDone: expression('jobsDone', '+', 1) }
        : { jobsFailed: expression('jobsFailed', '+', 1) },
    )
    .where('id', '=', id)
    .execute();
}

/** A clean stop: the worker finished its jobs and left. */
export async function recordWorkerStopped(ledger: LedgerStore, id: string, at: string): Promise<void> {
  await workers(ledger)
    .updateTable('workers')
    .set({ stoppedAt: at, heartbeatAt: at, running: 0 })
    .where('id', '=', id)
    .execute();
}

/** Workers newest first; with `since`, only those with a heartbeat at or after it. */
export async function listWorkers(
  ledger: LedgerStore,
  options: { since?: string } = {},
): Promise<WorkerRecord[]> {
  let query = workers(ledger).selectFrom('workers').selectAll();
  if (options.since) query = query.where('heartbeatAt', '>=', options.since);
  const rows = await query.orderBy('startedAt', 'desc').orderBy('id').execute();
  return rows.map(recordOf);
}

/** Work of the running runs that is not finished: components waiting for a worker and in a worker's hands. */
export interface QueueDepth {
  /** Pending components of running runs: queued, or waiting on a dependency. */
  waiting: number;
  running: number;
  /** Runs still running. */
  runs: number;
}

/** The queue's depth as the ledger, the source of truth of a distributed run, sees it. */
export async function queueDepth(ledger: LedgerStore): Promise<QueueDepth> {
  const rows = await ledger.db
    .selectFrom('components')
    .innerJoin('runs', 'runs.planId', 'components.planId')
    .select((builder) => [
      'components.status as status',
      builder.fn.count<number>('components.id').as('count'),
    ])
    .where('runs.status', '=', 'running')
    .where('components.status', 'in', ['pending', 'running'])
    .groupBy('components.status')
    .execute();
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  const runs = await ledger.db
    .selectFrom('runs')
    .select((builder) => builder.fn.count<number>('id').as('count'))
    .where('status', '=', 'running')
    .executeTakeFirst();
  return { waiting: count('pending'), running: count('running'), runs: Number(runs?.count ?? 0) };
}
