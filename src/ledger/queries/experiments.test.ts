import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/postgres-server.js';
import { firstPassOutcomes, seedExperiment } from '../../metrics/__fixtures__/seed-experiment.js';
import { buildExperimentSummary } from '../../metrics/index.js';
import type { LedgerStore } from '../ledger-store.js';
import { openPostgresLedger } from '../postgres-store.js';
import { openSqliteLedger } from '../sqlite-store.js';
import {
  experimentSamples,
  experimentSpend,
  listExperiments,
  updateExperimentSample,
  updateExperimentVariant,
} from './experiments.js';
import { newestRun } from './run-records.js';

const postgres = inject('postgres');

/** Two experiments, one sample's run with two priced calls and an unpriced one, and a plan's run. */
async function seed(ledger: LedgerStore): Promise<void> {
  await seedExperiment(ledger, 'exp_a', [
    { key: 'A', baseline: true, samples: firstPassOutcomes(2, 4) },
    { key: 'B', samples: firstPassOutcomes(3, 4) },
  ]);
  await seedExperiment(
    ledger,
    'exp_b',
    [
      { key: 'A', baseline: true, samples: firstPassOutcomes(1, 2) },
      { key: 'C', samples: [{ status: 'pending' }, { status: 'pending' }] },
    ],
    { component: 'api', createdAt: '2026-12-02T10:00:00.000Z' },
  );
  const at = '2026-12-01T11:00:00.000Z';
  await ledger.insert('plans', [
    { id: 'pln_1', feature: 'F', sourcePath: 'plan.yaml', contentHash: 'h', document: '{}', createdAt: at },
  ]);
  const run = (id: string, startedAt: string) => ({
    id,
    planId: 'pln_1',
    status: 'succeeded',
    startedAt,
    endedAt: null,
    budgetUsd: null,
    options: '{}',
  });
  await ledger.insert('runs', [run('run_sample', '2026-12-03T00:00:00.000Z'), run('run_plan', at)]);
  const cost = (
    id: string,
    runId: string,
    inputTokens: number,
    outputTokens: number,
    usd: number | null,
  ) => ({
    id,
    runId,
    attemptId: null,
    responseId: null,
    provider: 'p',
    model: 'm',
    inputTokens,
    outputTokens,
    usd,
    createdAt: at,
  });
  await ledger.insert('costs', [
    cost('cst_1', 'run_sample', 100, 20, 0.25),
    cost('cst_2', 'run_sample', 50, 5, 0.5),
    cost('cst_3', 'run_sample', 10, 1, null),
    cost('cst_4', 'run_plan', 999, 999, 9),
  ]);
  await updateExperimentSample(ledger, 'exp_a_s1', { runId: 'run_sample' });
  await updateExperimentVariant(ledger, 'exp_a_v1', { status: 'incomplete', statusReason: 'why' });
}

async function readBack(ledger: LedgerStore) {
  return {
    list: (await listExperiments(ledger)).map((experiment) => experiment.id),
    onApi: (await listExperiments(ledger, { componentKey: 'api' })).map((experiment) => experiment.id),
    samples: (await experimentSamples(ledger, 'exp_a')).map((sample) => [
      sample.sequence,
      sample.status,
      sample.runId,
    ]),
    spend: await experimentSpend(ledger, 'exp_a'),
    newest: (await newestRun(ledger))?.id,
    summary: await buildExperimentSummary(ledger, 'exp_a'),
  };
}

describe('the experiment tables', () => {
  let sqlite: LedgerStore;
  let postgresLedger: LedgerStore | undefined;
  beforeAll(async () => {
    sqlite = await openSqliteLedger({ path: ':memory:' });
    await seed(sqlite);
    if (!('adminUrl' in postgres)) return;
    postgresLedger = await openPostgresLedger({ url: await createTestDatabase(postgres.adminUrl) });
    await seed(postgresLedger);
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgresLedger?.close();
  });

  it('list newest first, sum what the sample runs spent, and keep sample runs out of "the newest run"', async () => {
    const read = await readBack(sqlite);
    expect(read.list).toEqual(['exp_b', 'exp_a']);
    expect(read.onApi).toEqual(['exp_b']);
    expect(read.samples[0]).toEqual([1, 'passed', 'run_sample']);
    expect(read.spend).toEqual({ usd: 0.75, tokens: 186, unpricedCalls: 1 });
    expect(read.newest).toBe('run_plan');
    expect(read.summary.variants.map((variant) => variant.status)).toEqual(['complete', 'incomplete']);
  });

  it.skipIf('skipped' in postgres)('reads back over PostgreSQL exactly what SQLite does', async () => {
    if (!postgresLedger) throw new Error('no PostgreSQL ledger');
    expect(await readBack(postgresLedger)).toEqual(await readBack(sqlite));
  });
});
