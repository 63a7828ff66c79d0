import type { LedgerStore, LedgerWriter } from '../ledger-store.js';
import type { LedgerRow, RunsTable } from '../schema.js';

// The run rows the engine reads and changes as it runs, resumes and reopens a run.

export async function findRun(ledger: LedgerWriter, runId: string): Promise<LedgerRow<'runs'> | undefined> {
  return ledger.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/**
 * Runs that are samples of a prompt experiment (migration 0009): "the latest run" of `baton run
 * --resume`, review and docs export means a plan's run, never one sample of an experiment.
 */
function experimentSampleRuns(ledger: LedgerStore) {
  return ledger.db
    .withTables<{ experimentSamples: { runId: string | null } }>()
    .selectFrom('experimentSamples')
    .select('runId')
    .where('runId', 'is not', null)
    .$narrowType<{ runId: string }>();
}

/** The newest run of all (an experiment's samples left out), ties broken by id. */
export async function newestRun(ledger: LedgerStore): Promise<LedgerRow<'runs'> | undefined> {
  return ledger.db
    .selectFrom('runs')
    .selectAll()
    .where('id', 'not in', experimentSampleRuns(ledger))
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The newest run whose status is one of `statuses`. */
export async function latestRunWithStatus(
  ledger: LedgerStore,
  statuses: readonly string[],
): Promise<LedgerRow<'runs'> | undefined> {
  return ledger.db
    .selectFrom('runs')
    .selectAll()
    .where('status', 'in', [...statuses])
    .where('id', 'not in', experimentSampleRuns(ledger))
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Every run id, newest first, for "did you mean" and hints. */
export async function runIdsNewestFirst(ledger: LedgerStore): Promise<string[]> {
  return (await ledger.db.selectFrom('runs').select('id').orderBy('startedAt', 'desc').execute()).map(
    (row) => row.id,
  );
}

/** Every run's id and status. */
export async function runStatuses(ledger: LedgerStore): Promise<Pick<LedgerRow<'runs'>, 'id' | 'status'>[]> {
  return ledger.db.selectFrom('runs').select(['id', 'status']).execute();
}

/** One run's status, read inside the writer's transaction when given one. */
export async function runStatus(ledger: LedgerWriter, runId: string): Promise<string | undefined> {
  const run = await ledger.db.selectFrom('runs').select('status').where('id', '=', runId).executeTakeFirst();
  return run?.status;
}

export async function updateRun(
  writer: LedgerWriter,
  runId: string,
  change: Partial<RunsTable>,
): Promise<void> {
  await writer.db.updateTable('runs').set(change).where('id', '=', runId).execute();
}
