import type { LedgerStore } from '../ledger-store.js';

/** The sequence of the last event written, 0 when there is none: where a live tail starts. */
export async function lastEventSequence(ledger: LedgerStore): Promise<number> {
  const row = await ledger.db
    .selectFrom('events')
    .select((builder) => builder.fn.max('sequence').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}
