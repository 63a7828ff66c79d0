import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

/** A stored plan by id; a run's plan is always there, so its absence is an error from the database layer. */
export async function planOfRun(ledger: LedgerStore, planId: string): Promise<LedgerRow<'plans'>> {
  return ledger.db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
}
