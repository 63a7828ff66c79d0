import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

/** A recorded finding with the component its attempt worked on, when it came from a run. */
export type RecordedFinding = LedgerRow<'findings'> & {
  componentKey: string | null;
  attemptNumber: number | null;
};

/**
 * Findings of one run (every attempt's, in the order they were recorded), or, with no run, those
 * `baton verify` recorded outside any run, newest first.
 */
export async function listFindings(
  ledger: LedgerStore,
  { runId, limit = 500 }: { runId?: string | undefined; limit?: number } = {},
): Promise<RecordedFinding[]> {
  let query = ledger.db
    .selectFrom('findings')
    .leftJoin('attempts', 'attempts.id', 'findings.attemptId')
    .leftJoin('components', 'components.id', 'attempts.componentId')
    .selectAll('findings')
    .select(['components.key as componentKey', 'attempts.number as attemptNumber']);
  query = runId
    ? query.where('findings.runId', '=', runId).orderBy('findings.createdAt', 'asc')
    : query.where('findings.runId', 'is', null).orderBy('findings.createdAt', 'desc');
  return query.orderBy('findings.id').limit(limit).execute();
}

/** One attempt's findings in the order they were written. */
export async function attemptFindings(
  ledger: LedgerStore,
  attemptId: string,
): Promise<LedgerRow<'findings'>[]> {
  return ledger.db
    .selectFrom('findings')
    .selectAll()
    .where('attemptId', '=', attemptId)
    .orderBy('id')
    .execute();
}

/** The findings of these attempts, in the order they were written; none for no attempts. */
export async function findingsOfAttempts(
  ledger: LedgerStore,
  attemptIds: readonly string[],
): Promise<LedgerRow<'findings'>[]> {
  if (attemptIds.length === 0) return [];
  return ledger.db
    .selectFrom('findings')
    .selectAll()
    .where('attemptId', 'in', [...attemptIds])
    .orderBy('id')
    .execute();
}
