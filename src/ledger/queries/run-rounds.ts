import type { LedgerStore } from '../ledger-store.js';

/** How many times the run was started: 1 for a new run, one more for each resume. */
export async function runStartCount(ledger: LedgerStore, runId: string): Promise<number> {
  const row = await ledger.db
    .selectFrom('events')
    .select((expression) => expression.fn.countAll<number | string | bigint>().as('count'))
    .where('runId', '=', runId)
    .where('type', '=', 'run-start')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The ledger status of one component of a run, by its id in the plan. */
export async function componentStatus(
  ledger: LedgerStore,
  runId: string,
  componentKey: string,
): Promise<string | undefined> {
  const row = await ledger.db
    .selectFrom('components')
    .innerJoin('runs', 'runs.planId', 'components.planId')
    .select('components.status')
    .where('runs.id', '=', runId)
    .where('components.key', '=', componentKey)
    .executeTakeFirst();
  return row?.status;
}
