import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import type { ResolvedConfig } from '../core/config/schema.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../providers/ledger-recorder.js';
import type { PriceTable } from '../providers/prices.js';
import type { Provider } from '../providers/provider.js';
import { createRedactor } from '../providers/redact.js';
import { withReliability } from '../providers/reliable-provider.js';
import { createScriptedProvider, type ScriptedProvider } from '../testing/scripted-provider.js';
import { createRunProject, goodAnswer, planYaml, type RunProject } from './__fixtures__/run-project.js';
import { runPlan } from './run-plan.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ids = ['first', 'second', 'third'];

interface Setup {
  project: RunProject;
  config: ResolvedConfig;
  ledger: LedgerStore;
  scripted: ScriptedProvider;
  provider: Provider;
  prices: PriceTable;
}

/** Three independent components, answered well, by a provider recorded as `compatible:local/coder`. */
async function setUp(prices: PriceTable, options: { delayMs?: number } = {}): Promise<Setup> {
  const project = createRunProject(planYaml(ids.map((id) => ({ id }))));
  cleanups.push(() => project.remove());
  const config = await loadConfig({ cwd: project.root, env: {} });
  if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
  const ledger = await openSqliteLedger({ path: config.ledger.path });
  cleanups.push(() => ledger.close());
  const scripted = createScriptedProvider(
    (request) => {
      const text = request.messages.map((message) => message.content).join('\n');
      return goodAnswer(ids.find((id) => text.includes(`The ${id} text`)) ?? 'first');
    },
    { id: 'compatible:local/coder' },
  );
  const slow: Provider = {
    ...scripted,
    async generate(request) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return scripted.generate(request);
    },
  };
  const provider = withReliability(slow, {
    observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}), prices })],
  });
  return { project, config, ledger, scripted, provider, prices };
}

const perMillion = (dollars: number) => ({ inputPerMillionTokens: dollars, outputPerMillionTokens: dollars });

describe('run budgets', () => {
  it('refuses a dollar budget before the first call when the provider has no price, naming the key to add', async () => {
    const setup = await setUp({ 'openai:gpt-5': perMillion(1) });
    const run = runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: setup.provider,
      prices: setup.prices,
      planFile: setup.project.planFile,
      budgetUsd: 1,
    });
    await expect(run).rejects.toMatchObject({
      code: 'RUN_BUDGET_UNPRICED',
      hint: expect.stringContaining("providers.prices['compatible:local']"),
    });
    await expect(run).rejects.toMatchObject({ hint: expect.stringContaining('--budget-tokens') });
    expect(setup.scripted.requests).toHaveLength(0);
    expect(await setup.ledger.db.selectFrom('runs').selectAll().execute()).toEqual([]);
  }, 60_000);

  it('stops at a token budget with no price at all, leaves the rest pending, and resumes with a higher one', async () => {
    const setup = await setUp({});
    const options = {
      config: setup.config,
      ledger: setup.ledger,
      provider: setup.provider,
      prices: setup.prices,
      concurrency: 1,
    };
    const stopped = await runPlan({ ...options, planFile: setup.project.planFile, budgetTokens: 10 });
    expect(stopped.status).toBe('budget-exhausted');
    expect(stopped.message).toContain('--budget-tokens');
    expect(setup.scripted.requests).toHaveLength(1);
    const components = await setup.ledger.db.selectFrom('components').selectAll().orderBy('key').execute();
    const waiting = components.filter((component) => component.status !== 'done');
    expect(waiting).toHaveLength(2);
    for (const component of waiting) {
      expect(component.status).toBe('pending');
      expect(component.statusReason).toContain('budget was reached');
    }
    // The unpriced call is recorded with an unknown cost, not $0.
    expect(stopped.unpricedCalls).toBe(1);
    const costs = await setup.ledger.db.selectFrom('costs').selectAll().execute();
    expect(costs.map((cost) => cost.usd)).toEqual([null]);

    // A resume keeps the run's token budget unless given a new one.
    const still = await runPlan({ ...options, resume: stopped.runId });
    expect(still.status).toBe('budget-exhausted');
    expect(setup.scripted.requests).toHaveLength(1);
    const resumed = await runPlan({ ...options, resume: stopped.runId, budgetTokens: 1_000_000 });
    expect(resumed.status).toBe('succeeded');
    expect(setup.scripted.requests).toHaveLength(3);
  }, 120_000);

  it('prices compatible calls by the server name, and counts a call in flight when it ends', async () => {
    const setup = await setUp({ 'compatible:local': perMillion(100) }, { delayMs: 300 });
    const result = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: setup.provider,
      prices: setup.prices,
      planFile: setup.project.planFile,
      concurrency: 2,
      budgetUsd: 0.000_001,
    });
    expect(result.status).toBe('budget-exhausted');
    // Two calls started together before either was recorded; both count, and no third starts.
    expect(setup.scripted.requests).toHaveLength(2);
    const costs = await setup.ledger.db.selectFrom('costs').selectAll().execute();
    expect(costs).toHaveLength(2);
    expect(costs.every((cost) => (cost.usd ?? 0) > 0)).toBe(true);
    expect(result.costUsd).toBeCloseTo(
      costs.reduce((sum, cost) => sum + (cost.usd ?? 0), 0),
      12,
    );
    const states = [...result.states.values()];
    expect(states.filter((state) => state === 'done')).toHaveLength(2);

    // Each call's wall time is the model's prompting, never a person's.
    const intervals = await setup.ledger.db.selectFrom('activityIntervals').selectAll().execute();
    expect(intervals).toHaveLength(2);
    for (const interval of intervals) {
      expect(interval).toMatchObject({ activity: 'prompting', source: 'engine', person: setup.provider.id });
      expect(Date.parse(interval.endedAt) - Date.parse(interval.startedAt)).toBeGreaterThanOrEqual(250);
    }
  }, 120_000);
});
