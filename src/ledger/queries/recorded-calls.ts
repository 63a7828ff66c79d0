import type { LedgerStore } from '../ledger-store.js';
import { prepareQuery } from '../prepared-query.js';

// Provider calls as the ledger holds them: the answers a resume reuses, and what each call and run spent.

const storedResponseQuery = prepareQuery<{ attemptId: string }, { id: string; text: string }>((db, value) =>
  db
    .selectFrom('responses')
    .select(['id', 'text'])
    .where('attemptId', '=', value('attemptId'))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1),
);

/** The last answer recorded for an attempt, which a resume reuses instead of calling again. */
export async function storedResponse(
  ledger: LedgerStore,
  attemptId: string,
): Promise<{ id: string; text: string } | undefined> {
  return (await storedResponseQuery.execute(ledger.db, { attemptId })).rows[0];
}

/** What provider calls have spent: dollars (priced calls only), tokens in and out, and calls with no price. */
export interface Spend {
  usd: number;
  tokens: number;
  unpricedCalls: number;
}

function spendOf(row: { usd: unknown; tokens: unknown; unpriced: unknown } | undefined): Spend {
  return {
    usd: Number(row?.usd ?? 0),
    tokens: Number(row?.tokens ?? 0),
    unpricedCalls: Number(row?.unpriced ?? 0),
  };
}

/** The run's spend so far, summed in one query. */
export async function runSpend(ledger: LedgerStore, runId: string): Promise<Spend> {
  const row = await ledger.db
    .selectFrom('costs')
    .select((builder) => [
      builder.fn.sum<number>('usd').as('usd'),
      builder.fn.sum<number>(builder('inputTokens', '+', builder.ref('outputTokens'))).as('tokens'),
      builder.fn.count<number>('id').as('calls'),
      builder.fn.count<number>('usd').as('priced'),
    ])
    .where('runId', '=', runId)
    .executeTakeFirst();
  return spendOf(row && { ...row, unpriced: Number(row.calls) - Number(row.priced) });
}

/** One recorded call: what it spent, when it ran, and the attempt it answered. */
export interface RecordedCall extends Spend {
  startedAt: string;
  endedAt: string;
  attemptNumber: number | null;
  componentId: string | null;
}

const recordedCallQuery = prepareQuery<
  { responseId: string },
  {
    startedAt: string;
    endedAt: string;
    attemptNumber: number | null;
    componentId: string | null;
    usd: number | null;
    inputTokens: number | null;
    outputTokens: number | null;
  }
>((db, value) =>
  db
    .selectFrom('responses')
    .innerJoin('prompts', 'prompts.id', 'responses.promptId')
    .leftJoin('attempts', 'attempts.id', 'responses.attemptId')
    .leftJoin('costs', 'costs.responseId', 'responses.id')
    .select([
      'prompts.createdAt as startedAt',
      'responses.createdAt as endedAt',
      'attempts.number as attemptNumber',
      'attempts.componentId as componentId',
      'costs.usd as usd',
      'costs.inputTokens as inputTokens',
      'costs.outputTokens as outputTokens',
    ])
    .where('responses.id', '=', value('responseId')),
);

/** A recorded call read back in one query, for the budget's running totals and the model's time. */
export async function recordedCall(
  ledger: LedgerStore,
  responseId: string,
): Promise<RecordedCall | undefined> {
  const row = (await recordedCallQuery.execute(ledger.db, { responseId })).rows[0];
  if (!row) return undefined;
  return {
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    attemptNumber: row.attemptNumber,
    componentId: row.componentId,
    usd: Number(row.usd ?? 0),
    tokens: Number(row.inputTokens ?? 0) + Number(row.outputTokens ?? 0),
    unpricedCalls: row.usd === null ? 1 : 0,
  };
}

/** Whether the attempt's edits (of one answer, when given) are in the ledger. */
export async function hasEdits(
  ledger: LedgerStore,
  attemptId: string,
  responseId?: string,
): Promise<boolean> {
  let query = ledger.db.selectFrom('edits').select('id').where('attemptId', '=', attemptId);
  if (responseId) query = query.where('responseId', '=', responseId);
  const row = await query.limit(1).executeTakeFirst();
  return row !== undefined;
}
