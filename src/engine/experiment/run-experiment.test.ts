import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../core/errors.js';
import { loadConfig } from '../../core/index.js';
import {
  experimentSamples,
  experimentVariants,
  findExperiment,
  newestRun,
  openSqliteLedger,
} from '../../ledger/index.js';
import { createProvidersFromConfig } from '../../providers/setup.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../../testing/index.js';
import type { RunProject } from '../__fixtures__/run-project.js';
import {
  type AnswerScript,
  createExperimentProject,
  scriptedModel,
  variantBMarker,
  variantsYaml,
} from './__fixtures__/experiment-project.js';
import { interleavedOrder } from './interleave.js';
import { runExperiment } from './run-experiment.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(script: AnswerScript, config: Record<string, unknown> = {}) {
  const model = scriptedModel(script);
  const server: FakeOpenAIServer = await startFakeOpenAIServer({
    respond: (request) => model.respond(request),
  });
  cleanups.push(() => server.close());
  const project: RunProject = createExperimentProject(server.baseURL, config);
  cleanups.push(() => project.remove());
  const resolved = await loadConfig({ cwd: project.root, env: {} });
  if (resolved.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
  const ledger = await openSqliteLedger({ path: resolved.ledger.path });
  cleanups.push(() => ledger.close());
  const { registry, redactor } = createProvidersFromConfig(resolved, { ledger, env: {} });
  const base = {
    config: resolved,
    ledger,
    resolveProvider: (id: string) => registry.resolve(id),
    providerId: 'compatible:local',
    secrets: redactor,
    prices: resolved.providers.prices,
    cwd: project.root,
  };
  return { model, server, project, ledger, base };
}

describe('baton experiment through the engine', () => {
  it('runs interleaved samples from one base commit, measures each, and merges nothing', async () => {
    const { model, server, project, ledger, base } = await setUp({
      // A: sample 1 passes first time, 2 needs a repair, 3 fails both attempts (escalated).
      A: [['good'], ['bad', 'good'], ['bad', 'bad']],
      B: [['good'], ['good'], ['good']],
    });
    const head = project.git('rev-parse', 'HEAD').trim();
    const result = await runExperiment({
      ...base,
      planFile: 'plan.yaml',
      componentId: 'hello',
      variantsFile: 'variants.yaml',
      samples: 3,
      maxAttempts: 2,
      id: 'exp-greetings',
    });
    expect(result).toMatchObject({ experimentId: 'exp-greetings', status: 'finished', samplesRun: 6 });

    const experiment = await findExperiment(ledger, 'exp-greetings');
    expect(experiment).toMatchObject({ componentKey: 'hello', baseCommit: head, samplesPerVariant: 3 });
    const variants = await experimentVariants(ledger, 'exp-greetings');
    expect(variants.map((variant) => [variant.key, variant.baseline, variant.status])).toEqual([
      ['A', 1, 'complete'],
      ['B', 0, 'complete'],
    ]);
    const samples = await experimentSamples(ledger, 'exp-greetings');
    const keyOf = new Map(variants.map((variant) => [variant.id, variant.key]));
    // The planned, seeded interleaving is the order the model saw first attempts in.
    const planned = interleavedOrder(2, 3, experiment?.seed ?? 0).map((index) => (index === 0 ? 'A' : 'B'));
    expect(samples.map((sample) => keyOf.get(sample.variantId))).toEqual(planned);
    expect(model.firstAttempts).toEqual(planned);

    const measured = samples.map((sample) => ({
      variant: keyOf.get(sample.variantId),
      number: sample.number,
      status: sample.status,
      firstPass: sample.firstPass,
      attempts: sample.attempts,
      escalated: sample.escalated,
    }));
    expect(measured.filter((sample) => sample.variant === 'A')).toEqual([
      { variant: 'A', number: 1, status: 'passed', firstPass: 1, attempts: 1, escalated: 0 },
      { variant: 'A', number: 2, status: 'passed', firstPass: 0, attempts: 2, escalated: 0 },
      { variant: 'A', number: 3, status: 'escalated', firstPass: 0, attempts: 2, escalated: 1 },
    ]);
    expect(measured.filter((sample) => sample.variant === 'B').map((sample) => sample.firstPass)).toEqual([
      1, 1, 1,
    ]);
    for (const sample of samples) {
      expect(sample.inputTokens).toBeGreaterThan(0);
      expect(sample.outputTokens).toBeGreaterThan(0);
      expect(sample.latencyMs).toBeGreaterThanOrEqual(0);
    }
    // Blocking findings by rule: the wrong import is an API finding (and a type error) in A's bad answers.
    const escalated = samples.find((sample) => sample.status === 'escalated');
    const rules = JSON.parse(escalated?.blockingFindings ?? '{}') as Record<string, number>;
    expect(Object.keys(rules).some((rule) => rule.startsWith('api/'))).toBe(true);
    const passedFirst = samples.find((sample) => sample.firstPass === 1);
    expect(JSON.parse(passedFirst?.blockingFindings ?? 'null')).toEqual({});

    // Every sample's first attempt started from the experiment's base commit, and nothing was merged.
    const attempts = await ledger.rows('attempts');
    expect(
      new Set(attempts.filter((attempt) => attempt.number === 1).map((attempt) => attempt.baseCommit)),
    ).toEqual(new Set([head]));
    expect(project.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(await ledger.rows('merges')).toEqual([]);
    // Each sample is a run of its own in the ledger, with its answers, findings and costs.
    const runs = await ledger.rows('runs');
    expect(runs).toHaveLength(6);
    // "The latest run" of resume, review and docs export is a plan's run, never a sample.
    expect(await newestRun(ledger)).toBeUndefined();
    expect(new Set(samples.map((sample) => sample.runId))).toEqual(new Set(runs.map((run) => run.id)));
    // B's prompt carries its constraint; A's does not.
    const firstPrompts = server.requests.filter((request) => request.lastUserText.includes('The hello text'));
    expect(firstPrompts.filter((request) => request.lastUserText.includes(variantBMarker))).toHaveLength(3);
  }, 240_000);

  it('stops at the budget with samples left pending, and continues with a higher one', async () => {
    const { server, ledger, base } = await setUp(
      { A: [], B: [] },
      {
        providers: {
          prices: { 'compatible:local': { inputPerMillionTokens: 1000, outputPerMillionTokens: 1000 } },
        },
      },
    );
    const prices = { 'compatible:local': { inputPerMillionTokens: 1000, outputPerMillionTokens: 1000 } };
    const options = {
      ...base,
      prices,
      planFile: 'plan.yaml',
      componentId: 'hello',
      variantsFile: 'variants.yaml',
      samples: 3,
      id: 'exp-budget',
    };
    // One call costs about 1,000 tokens × $0.001 = $1, so $1.5 pays for two calls and stops there.
    const stopped = await runExperiment({ ...options, budgetUsd: 1.5 });
    expect(stopped.status).toBe('budget-exhausted');
    expect(stopped.message).toContain('--budget-usd');
    const calls = server.requests.length;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThan(6);
    let samples = await experimentSamples(ledger, 'exp-budget');
    expect(samples.filter((sample) => sample.status === 'passed')).toHaveLength(calls);
    expect(samples.filter((sample) => sample.status === 'pending')).toHaveLength(6 - calls);

    const continued = await runExperiment({ ...options, samples: undefined, budgetUsd: 100 });
    expect(continued.status).toBe('finished');
    expect(continued.samplesRun).toBe(6 - calls);
    expect(server.requests).toHaveLength(6);
    samples = await experimentSamples(ledger, 'exp-budget');
    expect(samples.every((sample) => sample.status === 'passed')).toBe(true);
  }, 240_000);

  it('marks a variant whose provider fails incomplete and leaves the other variants intact', async () => {
    const broken = await startFakeOpenAIServer({
      respond: () => fakeResponses.error(401, { error: { message: 'Incorrect API key provided.' } }),
    });
    cleanups.push(() => broken.close());
    const { server, project, ledger, base } = await setUp({ A: [], B: [] });
    project.write('variants-3.yaml', `${variantsYaml}  - id: C\n    provider: compatible:broken\n`);
    project.write(
      'baton.config.json',
      JSON.stringify({
        providers: {
          compatible: {
            local: { baseURL: server.baseURL, model: 'fake-coder' },
            broken: { baseURL: broken.baseURL, model: 'fake-coder' },
          },
        },
        verify: { checks: ['types', 'api'] },
      }),
    );
    const config = await loadConfig({ cwd: project.root, env: {} });
    const { registry } = createProvidersFromConfig(config, { ledger, env: {} });
    const result = await runExperiment({
      ...base,
      config,
      resolveProvider: (id) => registry.resolve(id),
      planFile: 'plan.yaml',
      componentId: 'hello',
      variantsFile: 'variants-3.yaml',
      samples: 2,
      id: 'exp-broken',
    });
    expect(result.status).toBe('incomplete');
    const variants = await experimentVariants(ledger, 'exp-broken');
    expect(variants.map((variant) => [variant.key, variant.status])).toEqual([
      ['A', 'complete'],
      ['B', 'complete'],
      ['C', 'incomplete'],
    ]);
    expect(variants[2]?.statusReason).toMatch(/^2 of 2 samples have no result: The provider failed/);
    const samples = await experimentSamples(ledger, 'exp-broken');
    const keyOf = new Map(variants.map((variant) => [variant.id, variant.key]));
    const byVariant = (key: string) => samples.filter((sample) => keyOf.get(sample.variantId) === key);
    expect(byVariant('A').map((sample) => sample.status)).toEqual(['passed', 'passed']);
    expect(byVariant('B').map((sample) => sample.status)).toEqual(['passed', 'passed']);
    // The first failure stops that variant for this session: its second sample is skipped, not tried.
    expect(byVariant('C').map((sample) => sample.status)).toEqual(['failed', 'skipped']);
    expect(broken.requests).toHaveLength(1);
  }, 240_000);

  it('explains --samples 0 and a budget too small for one sample before any call', async () => {
    const { server, base } = await setUp({ A: [], B: [] });
    const prices = { 'compatible:local': { inputPerMillionTokens: 1, outputPerMillionTokens: 1 } };
    const options = {
      ...base,
      prices,
      planFile: 'plan.yaml',
      componentId: 'hello',
      variantsFile: 'variants.yaml',
    };
    await expect(runExperiment({ ...options, samples: 0 })).rejects.toThrow(
      /--samples must be a whole number of at least 1/,
    );
    const tooSmall = await runExperiment({ ...options, samples: 2, budgetUsd: 0.000001 }).catch(
      (error: unknown) => error,
    );
    expect(BatonError.isInstance(tooSmall) && tooSmall.code).toBe('EXPERIMENT_BUDGET_TOO_SMALL');
    expect(String((tooSmall as Error).message)).toMatch(
      /cannot pay for one sample: the first prompt alone costs \$0\.000\d+/,
    );
    await expect(runExperiment({ ...options, componentId: 'helo', samples: 2 })).rejects.toThrow(
      /did you mean "hello"/,
    );
    expect(server.requests).toHaveLength(0);
  }, 60_000);

  it('refuses an unknown provider in a variant, and a dollar budget with no price, before any call or row', async () => {
    const { server, project, ledger, base } = await setUp({ A: [], B: [] });
    project.write('variants-typo.yaml', `${variantsYaml}  - id: C\n    provider: compatible:locl\n`);
    const options = { ...base, planFile: 'plan.yaml', componentId: 'hello', samples: 2 };
    const unknown = await runExperiment({
      ...options,
      variantsFile: 'variants-typo.yaml',
      id: 'exp-typo',
    }).catch((error: unknown) => error);
    expect(BatonError.isInstance(unknown) && unknown.code).toBe('PROVIDER_UNKNOWN');
    expect(String((unknown as Error).message)).toBe(
      'variants-typo.yaml: the variant "C" asks for the provider "compatible:locl". No compatible server named "locl" in providers.compatible. Did you mean "local"?',
    );
    const unpriced = await runExperiment({
      ...options,
      variantsFile: 'variants.yaml',
      budgetUsd: 5,
      prices: {},
      id: 'exp-unpriced',
    }).catch((error: unknown) => error);
    expect(BatonError.isInstance(unpriced)).toBe(true);
    expect(String((unpriced as Error).message)).toContain('compatible:local');
    expect(server.requests).toHaveLength(0);
    expect(await findExperiment(ledger, 'exp-typo')).toBeUndefined();
    expect(await findExperiment(ledger, 'exp-unpriced')).toBeUndefined();
  }, 60_000);
});
