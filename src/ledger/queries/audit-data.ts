import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

/** Marks a prompt whose context was cut to fit the token budget (prompt/render-prompt.ts writes it). */
const cutMarker = 'cut to fit the token budget';

/** The prompts whose context was cut to fit the token budget, by component. */
export async function promptsCutToBudget(
  ledger: LedgerStore,
): Promise<Pick<LedgerRow<'prompts'>, 'id' | 'componentId' | 'attemptId' | 'createdAt'>[]> {
  return ledger.db
    .selectFrom('prompts')
    .select(['id', 'componentId', 'attemptId', 'createdAt'])
    .where('text', 'like', `%${cutMarker}%`)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** A run's row, or undefined when the ledger has no such run. */
export async function runRow(ledger: LedgerStore, runId: string): Promise<LedgerRow<'runs'> | undefined> {
  return ledger.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** Each plan's file, relative to the project root, by plan id; plans recorded without one are left out. */
export async function planPaths(ledger: LedgerStore): Promise<Map<string, string>> {
  const rows = await ledger.db.selectFrom('plans').select(['id', 'sourcePath']).execute();
  return new Map(rows.flatMap((row) => (row.sourcePath ? [[row.id, row.sourcePath] as const] : [])));
}
