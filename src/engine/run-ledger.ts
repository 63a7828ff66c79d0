import type { BatonEvent } from '../core/events.js';
import type { LedgerStore, LedgerWriter } from '../ledger/ledger-store.js';
import { type PreparedQuery, prepareQuery } from '../ledger/prepared-query.js';
import type { ComponentStatus, LedgerRow } from '../ledger/schema.js';
import type { ChatMessage } from '../providers/provider.js';
import type { AttemptEvidence, RunOptionsRecord, RunStatus } from './run-state.js';

// The engine's reads and writes of run state; every write of one step goes in one transaction.

/** The messages an attempt sent, stored on its row so a resume continues the same conversation. */
export interface StoredConversation {
  system: string | undefined;
  messages: ChatMessage[];
}

export interface AttemptRow extends LedgerRow<'attempts'> {
  parsedConversation: StoredConversation | undefined;
  parsedEvidence: AttemptEvidence | undefined;
}

function parseJson<Value>(text: string | null | undefined): Value | undefined {
  if (text === null || text === undefined) return undefined;
  return JSON.parse(text) as Value;
}

export async function loadRun(ledger: LedgerStore, runId: string): Promise<LedgerRow<'runs'> | undefined> {
  return ledger.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** The newest run whose status is one of `statuses`. */
export async function latestRunWithStatus(
  ledger: LedgerStore,
  statuses: readonly RunStatus[],
): Promise<LedgerRow<'runs'> | undefined> {
  return ledger.db
    .selectFrom('runs')
    .selectAll()
    .where('status', 'in', [...statuses])
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export function runOptionsOf(run: LedgerRow<'runs'>): RunOptionsRecord {
  return JSON.parse(run.options) as RunOptionsRecord;
}

export async function loadComponents(
  ledger: LedgerStore,
  planId: string,
): Promise<LedgerRow<'components'>[]> {
  return ledger.db.selectFrom('components').selectAll().where('planId', '=', planId).execute();
}

export async function loadAttempts(
  ledger: LedgerStore,
  runId: string,
  componentRowId: string,
): Promise<AttemptRow[]> {
  const rows = await ledger.db
    .selectFrom('attempts')
    .selectAll()
    .where('runId', '=', runId)
    .where('componentId', '=', componentRowId)
    .orderBy('number')
    .execute();
  return rows.map((row) => ({
    ...row,
    parsedConversation: parseJson<StoredConversation>(row.conversation),
    parsedEvidence: parseJson<AttemptEvidence>(row.evidence),
  }));
}

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

/** What the run's provider calls have cost so far, in US dollars (unknown prices count as 0). */
export async function runCostUsd(ledger: LedgerStore, runId: string): Promise<number> {
  return (await runSpend(ledger, runId)).usd;
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

/** The done commit of each of these components (by row id), read in one query; absent when not done. */
export async function evidenceCommits(
  ledger: LedgerStore,
  componentRowIds: readonly string[],
): Promise<Map<string, string>> {
  if (componentRowIds.length === 0) return new Map();
  const rows = await ledger.db
    .selectFrom('components')
    .innerJoin('attempts', 'attempts.id', 'components.evidenceAttemptId')
    .select(['components.id as componentRowId', 'attempts.commitSha as commitSha'])
    .where('components.id', 'in', [...componentRowIds])
    .execute();
  return new Map(
    rows.flatMap((row) => (row.commitSha ? [[row.componentRowId, row.commitSha] as const] : [])),
  );
}

type ComponentChange = {
  status: ComponentStatus;
  statusReason?: string | null;
  evidenceAttemptId?: string | null;
};

// One prepared update for each set of columns a step changes; there are a handful.
const componentUpdates = new Map<string, PreparedQuery<Record<string, unknown>, unknown>>();

export async function updateComponent(
  writer: LedgerWriter,
  componentRowId: string,
  change: ComponentChange,
  at: string,
): Promise<void> {
  const columns = Object.keys(change).filter(
    (column) => change[column as keyof ComponentChange] !== undefined,
  ) as (keyof ComponentChange)[];
  const key = columns.join(',');
  let update = componentUpdates.get(key);
  if (!update) {
    update = prepareQuery<Record<string, unknown>>((db, value) =>
      db
        .updateTable('components')
        .set({
          ...Object.fromEntries(columns.map((column) => [column, value(column)])),
          updatedAt: value('updatedAt') as string,
        })
        .where('id', '=', value('id') as string),
    );
    componentUpdates.set(key, update);
  }
  await update.execute(writer.db, { ...change, updatedAt: at, id: componentRowId });
}

export async function updateRun(
  writer: LedgerWriter,
  runId: string,
  change: { status: RunStatus; endedAt?: string | null; budgetUsd?: number | null },
): Promise<void> {
  await writer.db.updateTable('runs').set(change).where('id', '=', runId).execute();
}

/** Runs one step's writes and its events in one transaction. */
export async function recordStep(
  ledger: LedgerStore,
  events: readonly BatonEvent[],
  work: (writer: LedgerWriter) => Promise<void> = async () => {},
): Promise<void> {
  await ledger.transaction(async (writer) => {
    await work(writer);
    if (events.length > 0) await writer.appendEvents(events);
  });
}
