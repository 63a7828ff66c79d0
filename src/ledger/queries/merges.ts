import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

// The merges of accepted components into the base branch.

/** Which component of which run has been merged, for every merge. */
export async function mergedComponents(
  ledger: LedgerStore,
): Promise<Pick<LedgerRow<'merges'>, 'runId' | 'componentId'>[]> {
  return ledger.db.selectFrom('merges').select(['runId', 'componentId']).execute();
}

/** A run's merges in the order they happened. */
export async function runMerges(ledger: LedgerStore, runId: string): Promise<LedgerRow<'merges'>[]> {
  return ledger.db.selectFrom('merges').selectAll().where('runId', '=', runId).orderBy('createdAt').execute();
}
