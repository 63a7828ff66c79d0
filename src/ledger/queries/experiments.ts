import type { LedgerStore, LedgerWriter } from '../ledger-store.js';

/*
 * The experiment tables (migration 0009). They stay out of LedgerDatabase: each sample's run,
 * attempts, findings and costs are in the run tables, which exports and counts already cover.
 */

export interface ExperimentsTable {
  id: string;
  planFile: string;
  planHash: string;
  componentKey: string;
  variantsFile: string;
  variantsHash: string;
  samplesPerVariant: number;
  maxAttempts: number;
  providerId: string;
  baseCommit: string;
  workspace: string;
  budgetUsd: number | null;
  budgetTokens: number | null;
  seed: number;
  status: string;
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
}

export interface ExperimentVariantsTable {
  id: string;
  experimentId: string;
  key: string;
  position: number;
  /** 1 for the baseline, 0 otherwise (an integer in both databases). */
  baseline: number;
  description: string | null;
  providerId: string;
  temperature: number;
  /** JSON: the variant as the variants file writes it. */
  changes: string;
  /** `complete`, or `incomplete` when its provider failed and some samples have no result. */
  status: string;
  statusReason: string | null;
}

export interface ExperimentSamplesTable {
  id: string;
  experimentId: string;
  variantId: string;
  /** The interleaved order samples run in, across variants. */
  sequence: number;
  /** The sample's number within its variant, from 1. */
  number: number;
  runId: string | null;
  /** pending → running → passed | escalated | failed. */
  status: string;
  firstPass: number | null;
  attempts: number | null;
  escalated: number | null;
  /** JSON: blocking findings of all the sample's attempts, counted by rule id. */
  blockingFindings: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  unpricedCalls: number | null;
  latencyMs: number | null;
  modelMs: number | null;
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

type ExperimentTables = {
  experiments: ExperimentsTable;
  experimentVariants: ExperimentVariantsTable;
  experimentSamples: ExperimentSamplesTable;
};

function tables(writer: Pick<LedgerWriter, 'db'>) {
  return writer.db.withTables<ExperimentTables>();
}

/** Writes a new experiment with its variants and every planned sample, in one transaction. */
export async function insertExperiment(
  ledger: LedgerStore,
  experiment: ExperimentsTable,
  variants: readonly ExperimentVariantsTable[],
  samples: readonly ExperimentSamplesTable[],
): Promise<void> {
  await ledger.transaction(async (writer) => {
    const db = tables(writer);
    await db.insertInto('experiments').values(experiment).execute();
    await db
      .insertInto('experimentVariants')
      .values([...variants])
      .execute();
    // Inserted in slices: SQLite limits the number of bound values per statement.
    for (let start = 0; start < samples.length; start += 40)
      await db
        .insertInto('experimentSamples')
        .values(samples.slice(start, start + 40))
        .execute();
  });
}

export async function findExperiment(ledger: LedgerStore, id: string): Promise<ExperimentsTable | undefined> {
  return tables(ledger).selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every experiment, newest first, or those run on one component key. */
export async function listExperiments(
  ledger: LedgerStore,
  options: { componentKey?: string } = {},
): Promise<ExperimentsTable[]> {
  let query = tables(ledger).selectFrom('experiments').selectAll();
  if (options.componentKey !== undefined) query = query.where('componentKey', '=', options.componentKey);
  return query.orderBy('createdAt', 'desc').orderBy('id', 'desc').execute();
}

export async function experimentVariants(
  ledger: LedgerStore,
  experimentId: string,
): Promise<ExperimentVariantsTable[]> {
  return tables(ledger)
    .selectFrom('experimentVariants')
    .selectAll()
    .where('experimentId', '=', experimentId)
    .orderBy('position')
    .execute();
}

export async function experimentSamples(
  ledger: LedgerStore,
  experimentId: string,
): Promise<ExperimentSamplesTable[]> {
  return tables(ledger)
    .selectFrom('experimentSamples')
    .selectAll()
    .where('experimentId', '=', experimentId)
    .orderBy('sequence')
    .execute();
}

export async function updateExperiment(
  ledger: Pick<LedgerWriter, 'db'>,
  id: string,
  change: Partial<
    Pick<ExperimentsTable, 'status' | 'statusReason' | 'endedAt' | 'budgetUsd' | 'budgetTokens'>
  > & {
    updatedAt: string;
  },
): Promise<void> {
  await tables(ledger).updateTable('experiments').set(change).where('id', '=', id).execute();
}

export async function updateExperimentVariant(
  ledger: Pick<LedgerWriter, 'db'>,
  id: string,
  change: Partial<Pick<ExperimentVariantsTable, 'status' | 'statusReason'>>,
): Promise<void> {
  await tables(ledger).updateTable('experimentVariants').set(change).where('id', '=', id).execute();
}

export async function updateExperimentSample(
  ledger: Pick<LedgerWriter, 'db'>,
  id: string,
  change: Partial<Omit<ExperimentSamplesTable, 'id' | 'experimentId' | 'variantId' | 'sequence' | 'number'>>,
): Promise<void> {
  await tables(ledger).updateTable('experimentSamples').set(change).where('id', '=', id).execute();
}

/** What one sample's run left in the run tables: its attempts, their findings and its calls. */
export interface SampleRunRecord {
  attempts: { id: string; number: number; status: string; evidence: string | null }[];
  findings: { attemptId: string | null; ruleId: string; severity: string }[];
  inputTokens: number;
  outputTokens: number;
  /** Priced calls only; `unpricedCalls` says how many had no price. */
  usd: number;
  unpricedCalls: number;
  /** The provider's own time over every call. */
  modelMs: number;
}

export async function sampleRunRecord(ledger: LedgerStore, runId: string): Promise<SampleRunRecord> {
  const attempts = await ledger.db
    .selectFrom('attempts')
    .select(['id', 'number', 'status', 'evidence'])
    .where('runId', '=', runId)
    .orderBy('number')
    .execute();
  const findings = await ledger.db
    .selectFrom('findings')
    .select(['attemptId', 'ruleId', 'severity'])
    .where('runId', '=', runId)
    .execute();
  const costs = await ledger.db
    .selectFrom('costs')
    .select((builder) => [
      builder.fn.sum<number>('inputTokens').as('inputTokens'),
      builder.fn.sum<number>('outputTokens').as('outputTokens'),
      builder.fn.sum<number>('usd').as('usd'),
      builder.fn.count<number>('id').as('calls'),
      builder.fn.count<number>('usd').as('priced'),
    ])
    .where('runId', '=', runId)
    .executeTakeFirst();
  const durations = await ledger.db
    .selectFrom('responses')
    .innerJoin('attempts', 'attempts.id', 'responses.attemptId')
    .select((builder) => builder.fn.sum<number>('responses.durationMs').as('modelMs'))
    .where('attempts.runId', '=', runId)
    .executeTakeFirst();
  return {
    attempts: attempts.map((attempt) => ({ ...attempt, evidence: attempt.evidence ?? null })),
    findings,
    inputTokens: Number(costs?.inputTokens ?? 0),
    outputTokens: Number(costs?.outputTokens ?? 0),
    usd: Number(costs?.usd ?? 0),
    unpricedCalls: Number(costs?.calls ?? 0) - Number(costs?.priced ?? 0),
    modelMs: Number(durations?.modelMs ?? 0),
  };
}

/** What the experiment's sample runs have spent so far: the budget's starting total on a rerun. */
export async function experimentSpend(
  ledger: LedgerStore,
  experimentId: string,
): Promise<{ usd: number; tokens: number; unpricedCalls: number }> {
  const row = await tables(ledger)
    .selectFrom('costs')
    .innerJoin('experimentSamples', 'experimentSamples.runId', 'costs.runId')
    .select((builder) => [
      builder.fn.sum<number>('costs.usd').as('usd'),
      builder.fn
        .sum<number>(builder('costs.inputTokens', '+', builder.ref('costs.outputTokens')))
        .as('tokens'),
      builder.fn.count<number>('costs.id').as('calls'),
      builder.fn.count<number>('costs.usd').as('priced'),
    ])
    .where('experimentSamples.experimentId', '=', experimentId)
    .executeTakeFirst();
  return {
    usd: Number(row?.usd ?? 0),
    tokens: Number(row?.tokens ?? 0),
    unpricedCalls: Number(row?.calls ?? 0) - Number(row?.priced ?? 0),
  };
}
