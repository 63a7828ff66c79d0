import type { LedgerStore, LedgerWriter } from '../ledger-store.js';
import { prepareQuery } from '../prepared-query.js';
import type { AttemptStatus, AttemptsTable, LedgerRow } from '../schema.js';

// The attempt rows the engine writes step by step, and the readers that resume, review and clean up.

/** A component's attempts in one run, in attempt order. */
export async function componentAttempts(
  ledger: LedgerStore,
  runId: string,
  componentRowId: string,
): Promise<LedgerRow<'attempts'>[]> {
  return ledger.db
    .selectFrom('attempts')
    .selectAll()
    .where('runId', '=', runId)
    .where('componentId', '=', componentRowId)
    .orderBy('number')
    .execute();
}

/** A component's last attempt in one run. */
export async function lastComponentAttempt(
  ledger: LedgerStore,
  runId: string,
  componentRowId: string,
): Promise<LedgerRow<'attempts'> | undefined> {
  return ledger.db
    .selectFrom('attempts')
    .selectAll()
    .where('runId', '=', runId)
    .where('componentId', '=', componentRowId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
}

/** Every attempt of a run, in attempt order. */
export async function runAttempts(ledger: LedgerStore, runId: string): Promise<LedgerRow<'attempts'>[]> {
  return ledger.db.selectFrom('attempts').selectAll().where('runId', '=', runId).orderBy('number').execute();
}

/** When each attempt of a component (across runs) started. */
export async function componentAttemptStarts(
  ledger: LedgerStore,
  componentRowId: string,
): Promise<Pick<LedgerRow<'attempts'>, 'id' | 'number' | 'startedAt'>[]> {
  return ledger.db
    .selectFrom('attempts')
    .select(['id', 'number', 'startedAt'])
    .where('componentId', '=', componentRowId)
    .execute();
}

/** Every attempt that has a branch, with what decides whether the branch is still needed. */
export async function attemptsWithBranches(
  ledger: LedgerStore,
): Promise<
  Pick<LedgerRow<'attempts'>, 'id' | 'runId' | 'componentId' | 'branch' | 'status' | 'commitSha'>[]
> {
  return ledger.db
    .selectFrom('attempts')
    .select(['id', 'runId', 'componentId', 'branch', 'status', 'commitSha'])
    .where('branch', 'is not', null)
    .execute();
}

export async function updateAttempt(
  writer: LedgerWriter,
  attemptId: string,
  change: Partial<AttemptsTable>,
): Promise<void> {
  await writer.db.updateTable('attempts').set(change).where('id', '=', attemptId).execute();
}

const attemptOutcomeUpdate = prepareQuery<{
  status: AttemptStatus;
  endedAt: string;
  commitSha: string;
  evidence: string | null;
  id: string;
}>((db, value) =>
  db
    .updateTable('attempts')
    .set({
      status: value('status'),
      endedAt: value('endedAt'),
      commitSha: value('commitSha'),
      evidence: value('evidence'),
    })
    .where('id', '=', value('id')),
);

/** The gate's verdict on a committed attempt, by a prepared update: the engine writes one per attempt. */
export async function recordAttemptVerdict(
  writer: LedgerWriter,
  attemptId: string,
  verdict: { status: AttemptStatus; endedAt: string; commitSha: string; evidence: string | null },
): Promise<void> {
  await attemptOutcomeUpdate.execute(writer.db, { ...verdict, id: attemptId });
}
