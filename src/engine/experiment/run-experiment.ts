import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { createEventBus, createId, type EventBus } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import {
  type ExperimentSamplesTable,
  type ExperimentsTable,
  type ExperimentVariantsTable,
  experimentSamples,
  experimentSpend,
  experimentVariants,
  findExperiment,
  insertExperiment,
  sampleRunRecord,
  updateExperiment,
  updateExperimentSample,
  updateExperimentVariant,
} from '../../ledger/index.js';
import { loadValidPlan, readPlanFile } from '../../plan/index.js';
import { findComponent } from '../../prompt/index.js';
import type { PriceTable, Provider, Redactor } from '../../providers/index.js';
import { createProjectRedactor } from '../../providers/setup.js';
import { type Check, createBuiltInChecks } from '../../verify/index.js';
import { createDirectoryWorkspaces, createGitWorkspaces } from '../attempt-workspace.js';
import { recordModelTime } from '../run-activity.js';
import { budgetReached, type RunBudget, requirePricedProvider } from '../run-budget.js';
import { type GateOptions, type GateResult, runGate } from '../run-gate.js';
import { recordedCall, type Spend } from '../run-ledger.js';
import type { RunConfig } from '../run-plan.js';
import { requireBudgetForOneSample } from './first-prompt-cost.js';
import { interleavedOrder, seedOf } from './interleave.js';
import { type ExperimentVariant, loadVariants } from './parse-variants.js';
import { measureSample } from './sample-measures.js';
import { runSample, type SampleEnvironment } from './sample-run.js';
import { resolveVariantProvider } from './variant-provider.js';

export type ExperimentStatus = 'running' | 'finished' | 'incomplete' | 'budget-exhausted' | 'cancelled';

export interface RunExperimentOptions {
  config: RunConfig;
  ledger: LedgerStore;
  /** Resolves a provider id to a provider wired with the ledger recorder. */
  resolveProvider: (id: string) => Provider;
  /** The provider of variants that name none. */
  providerId: string;
  /** A new experiment: the plan, the component and the variants file (relative to `cwd`). */
  planFile?: string;
  componentId?: string;
  variantsFile?: string;
  /** Samples per variant. */
  samples?: number;
  /** Names a new experiment; an id already in the ledger continues that experiment. */
  id?: string;
  cwd?: string;
  /** @default 3 */
  maxAttempts?: number;
  budgetUsd?: number | undefined;
  budgetTokens?: number | undefined;
  /** @default {} */
  prices?: PriceTable;
  signal?: AbortSignal;
  events?: EventBus;
  /** @default 'git' */
  workspace?: 'git' | 'directory';
  createChecks?: () => Check[];
  gate?: (options: GateOptions) => Promise<GateResult>;
  secrets?: Redactor;
  /** Told after each sample, for progress. */
  onSample?: (sample: SampleProgress) => void;
}

export interface SampleProgress {
  sequence: number;
  total: number;
  variant: string;
  number: number;
  status: string;
  runId: string | undefined;
}

export interface RunExperimentResult {
  experimentId: string;
  status: ExperimentStatus;
  /** Samples run in this session. */
  samplesRun: number;
  message: string;
}

/** Sample statuses with a result; the others run (again) when the experiment runs. */
const finishedSampleStatuses = ['passed', 'escalated'];

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface Prepared {
  experiment: ExperimentsTable;
  variants: ExperimentVariant[];
  plan: Awaited<ReturnType<typeof loadValidPlan>>;
}

function requireSamples(samples: number | undefined): number {
  if (samples === undefined || !Number.isInteger(samples) || samples < 1) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `--samples must be a whole number of at least 1, got "${samples ?? 'nothing'}": an experiment with no samples measures nothing.`,
      hint: 'Give the samples per variant, for example --samples 20 (docs/experiments.md says how many tell what apart).',
    });
  }
  return samples;
}

async function loadPlanAndVariants(
  options: RunExperimentOptions,
  files: { planFile: string; componentId: string; variantsFile: string; cwd: string },
) {
  const { text, path } = readPlanFile(files.planFile, files.cwd);
  const loaded = await loadValidPlan({
    file: files.planFile,
    cwd: files.cwd,
    plan: options.config.plan,
    triage: options.config.triage,
  });
  const component = findComponent(loaded.plan, files.componentId);
  const {
    variants,
    hash,
    path: variantsPath,
  } = loadVariants(files.variantsFile, files.cwd, component, {
    providerId: options.providerId,
    temperature: 0,
  });
  return {
    loaded,
    component,
    variants,
    planHash: hashText(text),
    planPath: path,
    variantsHash: hash,
    variantsPath,
  };
}

async function createExperiment(options: RunExperimentOptions, now: string): Promise<Prepared> {
  const samples = requireSamples(options.samples);
  if (!options.planFile || !options.componentId || !options.variantsFile) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: 'An experiment needs a plan, a component of it and a variants file.',
      hint: 'Example: baton experiment plan.yaml schema --variants variants.yaml --samples 20',
    });
  }
  if (!options.providerId) {
    throw new BatonError({
      code: 'PROVIDER_UNKNOWN',
      message: 'No provider for the variants that name none.',
      hint: 'Pass --provider, set providers.default in baton.config, or give every variant a `provider:`.',
    });
  }
  const cwd = options.cwd ?? options.config.root;
  const files = {
    planFile: options.planFile,
    componentId: options.componentId,
    variantsFile: options.variantsFile,
    cwd,
  };
  const { loaded, component, variants, planHash, planPath, variantsHash, variantsPath } =
    await loadPlanAndVariants(options, files);
  // Every provider is resolved and priced before the first call, so a typo costs nothing.
  const providers = variants.map((variant) => resolveVariantProvider(options, variant, files.variantsFile));
  const budget: RunBudget = { usd: options.budgetUsd, tokens: options.budgetTokens };
  for (const provider of providers) requirePricedProvider(provider, options.prices ?? {}, budget);
  await requireBudgetForOneSample({
    plan: loaded.plan,
    files: loaded.files,
    variants,
    providers,
    prices: options.prices ?? {},
    budget,
    tokenBudget: options.config.prompt.tokenBudget,
  });
  const workspaceKind = options.workspace ?? 'git';
  const workspaces =
    workspaceKind === 'directory'
      ? createDirectoryWorkspaces(options.config.dataDir)
      : createGitWorkspaces(options.config.root, options.config.dataDir);
  const id = options.id ?? createId('exp');
  const seed = seedOf(id);
  const experiment: ExperimentsTable = {
    id,
    planFile: relative(options.config.root, planPath),
    planHash,
    componentKey: component.id,
    variantsFile: relative(options.config.root, variantsPath),
    variantsHash,
    samplesPerVariant: samples,
    maxAttempts: options.maxAttempts ?? 3,
    providerId: options.providerId,
    baseCommit: await workspaces.currentCommit(),
    workspace: workspaceKind,
    budgetUsd: options.budgetUsd ?? null,
    budgetTokens: options.budgetTokens ?? null,
    seed,
    status: 'running',
    statusReason: null,
    createdAt: now,
    updatedAt: now,
    endedAt: null,
  };
  const variantRows: ExperimentVariantsTable[] = variants.map((variant, position) => ({
    id: createId('exv'),
    experimentId: id,
    key: variant.id,
    position,
    baseline: variant.baseline ? 1 : 0,
    description: variant.description ?? null,
    providerId: providers[position]?.id ?? options.providerId,
    temperature: variant.input.temperature ?? 0,
    changes: JSON.stringify(variant.input),
    status: 'complete',
    statusReason: null,
  }));
  const counts = new Map<number, number>();
  const sampleRows: ExperimentSamplesTable[] = interleavedOrder(variants.length, samples, seed).map(
    (variantIndex, sequence) => {
      const number = (counts.get(variantIndex) ?? 0) + 1;
      counts.set(variantIndex, number);
      return {
        id: createId('exs'),
        experimentId: id,
        variantId: variantRows[variantIndex]?.id ?? '',
        sequence: sequence + 1,
        number,
        runId: null,
        status: 'pending',
        firstPass: null,
        attempts: null,
        escalated: null,
        blockingFindings: null,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
        unpricedCalls: null,
        latencyMs: null,
        modelMs: null,
        error: null,
        startedAt: null,
        endedAt: null,
      };
    },
  );
  await insertExperiment(options.ledger, experiment, variantRows, sampleRows);
  return { experiment, variants, plan: loaded };
}

async function continueExperiment(
  options: RunExperimentOptions,
  experiment: ExperimentsTable,
  now: string,
): Promise<Prepared> {
  const root = options.config.root;
  const { loaded, variants, planHash, variantsHash } = await loadPlanAndVariants(
    { ...options, providerId: experiment.providerId },
    {
      planFile: experiment.planFile,
      componentId: experiment.componentKey,
      variantsFile: experiment.variantsFile,
      cwd: root,
    },
  );
  const changed = [
    ...(planHash !== experiment.planHash ? [experiment.planFile] : []),
    ...(variantsHash !== experiment.variantsHash ? [experiment.variantsFile] : []),
  ];
  if (changed.length > 0) {
    throw new BatonError({
      code: 'EXPERIMENT_CHANGED',
      message: `${changed.join(' and ')} changed since experiment ${experiment.id} started, so its samples would not be comparable.`,
      hint: 'Restore the files as they were to continue it, or start a new experiment with another --id.',
    });
  }
  if (options.componentId !== undefined && options.componentId !== experiment.componentKey) {
    throw new BatonError({
      code: 'EXPERIMENT_CHANGED',
      message: `Experiment ${experiment.id} compares prompts for "${experiment.componentKey}", not "${options.componentId}".`,
      hint: 'Continue it with `baton experiment --id <id>` alone, or start a new experiment with another --id.',
    });
  }
  if (options.samples !== undefined && options.samples !== experiment.samplesPerVariant) {
    throw new BatonError({
      code: 'EXPERIMENT_CHANGED',
      message: `Experiment ${experiment.id} plans ${experiment.samplesPerVariant} samples per variant, not ${options.samples}.`,
      hint: 'Continue it without --samples, or start a new experiment with another --id.',
    });
  }
  const budgetUsd = options.budgetUsd ?? experiment.budgetUsd ?? undefined;
  const budgetTokens = options.budgetTokens ?? experiment.budgetTokens ?? undefined;
  const providers = variants.map((variant) =>
    resolveVariantProvider(
      { ...options, providerId: experiment.providerId },
      variant,
      experiment.variantsFile,
    ),
  );
  for (const provider of providers)
    requirePricedProvider(provider, options.prices ?? {}, { usd: budgetUsd, tokens: budgetTokens });
  const updated = {
    ...experiment,
    budgetUsd: budgetUsd ?? null,
    budgetTokens: budgetTokens ?? null,
    status: 'running',
    statusReason: null,
    endedAt: null,
    updatedAt: now,
  };
  await updateExperiment(options.ledger, experiment.id, {
    budgetUsd: updated.budgetUsd,
    budgetTokens: updated.budgetTokens,
    status: updated.status,
    statusReason: null,
    endedAt: null,
    updatedAt: now,
  });
  return { experiment: updated, variants, plan: loaded };
}

/**
 * `baton experiment`: runs every sample of every variant of one component's prompt through the
 * engine, interleaved across variants, each from the same base commit and recorded as it
 * finishes; a rerun with the same id continues where the ledger says it stopped.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<RunExperimentResult> {
  const now = () => new Date().toISOString();
  const existing = options.id ? await findExperiment(options.ledger, options.id) : undefined;
  if (options.id && !existing && !options.planFile) {
    throw new BatonError({
      code: 'EXPERIMENT_NOT_FOUND',
      message: `No experiment "${options.id}" in the ledger at ${options.ledger.location}.`,
      hint: 'List experiments with `baton experiment list`, or start one with a plan, a component and --variants.',
    });
  }
  const { experiment, variants, plan } = existing
    ? await continueExperiment(options, existing, now())
    : await createExperiment(options, now());
  const variantRows = await experimentVariants(options.ledger, experiment.id);
  const samples = await experimentSamples(options.ledger, experiment.id);
  const byRowId = new Map(
    variantRows.map((row) => [row.id, { row, variant: variants.find((variant) => variant.id === row.key) }]),
  );
  const providers = new Map<string, Provider>();
  const providerOf = (id: string) => {
    let provider = providers.get(id);
    if (!provider) {
      provider = options.resolveProvider(id);
      providers.set(id, provider);
    }
    return provider;
  };

  const budget: RunBudget = {
    usd: experiment.budgetUsd ?? undefined,
    tokens: experiment.budgetTokens ?? undefined,
  };
  const spent: Spend = await experimentSpend(options.ledger, experiment.id);
  const stop = new AbortController();
  let stopped: 'cancelled' | 'budget-exhausted' | undefined;
  const onAbort = () => {
    stopped ??= 'cancelled';
    stop.abort(
      new BatonError({
        code: 'PROVIDER_CANCELLED',
        message: 'The experiment was interrupted.',
        hint: `Continue it with \`baton experiment --id ${experiment.id}\`.`,
      }),
    );
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const budgetError = () =>
    new BatonError({
      code: 'RUN_BUDGET_EXHAUSTED',
      message: `Experiment ${experiment.id} has spent its budget${budget.usd !== undefined ? ` ($${spent.usd.toFixed(4)} of $${budget.usd})` : ''}${budget.tokens !== undefined ? ` (${spent.tokens} of ${budget.tokens} tokens)` : ''}; no new provider call starts.`,
      hint: `Continue with \`baton experiment --id ${experiment.id} --budget-usd <higher>\` (or --budget-tokens).`,
    });

  const environment: SampleEnvironment = {
    config: options.config,
    ledger: options.ledger,
    plan: plan.plan,
    planPath: join(options.config.root, experiment.planFile),
    planFile: experiment.planFile,
    planHash: experiment.planHash,
    verdict: plan.check.triage.find((result) => result.componentId === experiment.componentKey)?.verdict,
    workspaces:
      experiment.workspace === 'directory'
        ? createDirectoryWorkspaces(options.config.dataDir)
        : createGitWorkspaces(options.config.root, options.config.dataDir),
    createChecks: options.createChecks ?? createBuiltInChecks,
    gate: options.gate ?? runGate,
    secrets: options.secrets ?? createProjectRedactor(options.config.root),
    maxAttempts: experiment.maxAttempts,
    baseCommit: experiment.baseCommit,
    signal: stop.signal,
    events: options.events ?? createEventBus(),
    async beforeProviderCall() {
      if (!budgetReached(spent, budget)) return;
      stopped ??= 'budget-exhausted';
      throw budgetError();
    },
    async afterProviderCall(responseId, runId, providerId) {
      const call = await recordedCall(options.ledger, responseId);
      if (!call) return;
      spent.usd += call.usd;
      spent.tokens += call.tokens;
      spent.unpricedCalls += call.unpricedCalls;
      await recordModelTime(options.ledger, runId, providerId, call);
    },
  };

  // A variant whose provider failed is not asked again in this session; a rerun retries it.
  const failedVariants = new Map<string, string>();
  let samplesRun = 0;
  try {
    for (const sample of samples) {
      if (finishedSampleStatuses.includes(sample.status)) continue;
      const entry = byRowId.get(sample.variantId);
      if (!entry?.variant) continue;
      const failure = failedVariants.get(sample.variantId);
      if (failure) {
        await updateExperimentSample(options.ledger, sample.id, {
          status: 'skipped',
          error: `Not run: an earlier sample of this variant failed (${failure}).`,
        });
        continue;
      }
      if (stop.signal.aborted) break;
      if (budgetReached(spent, budget)) {
        stopped ??= 'budget-exhausted';
        break;
      }
      const startedAt = sample.status === 'pending' || !sample.startedAt ? now() : sample.startedAt;
      let result: Awaited<ReturnType<typeof runSample>>;
      try {
        result = await runSample(environment, {
          sampleId: sample.id,
          runId: sample.status === 'running' ? sample.runId : null,
          component: entry.variant.applied.component,
          provider: providerOf(entry.row.providerId),
          temperature: entry.row.temperature,
        });
      } catch (error) {
        if (stopped) break;
        throw error;
      }
      samplesRun += 1;
      const endedAt = now();
      const measures = measureSample(
        await sampleRunRecord(options.ledger, result.runId),
        result.outcome,
        options.config.verify.failOn,
      );
      const status =
        result.outcome === 'done' ? 'passed' : result.outcome === 'escalated' ? 'escalated' : 'failed';
      await updateExperimentSample(options.ledger, sample.id, {
        status,
        runId: result.runId,
        firstPass: measures.firstPass ? 1 : 0,
        attempts: measures.attempts,
        escalated: measures.escalated ? 1 : 0,
        blockingFindings: JSON.stringify(measures.blockingFindings),
        inputTokens: measures.inputTokens,
        outputTokens: measures.outputTokens,
        costUsd: measures.costUsd,
        unpricedCalls: measures.unpricedCalls,
        modelMs: measures.modelMs,
        latencyMs: Date.parse(endedAt) - Date.parse(startedAt),
        error: result.error ?? null,
        startedAt,
        endedAt,
      });
      if (status === 'failed') failedVariants.set(sample.variantId, result.error ?? 'the sample failed');
      options.onSample?.({
        sequence: sample.sequence,
        total: samples.length,
        variant: entry.row.key,
        number: sample.number,
        status,
        runId: result.runId,
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return finishExperiment(options.ledger, experiment, stopped, samplesRun, now());
}

async function finishExperiment(
  ledger: LedgerStore,
  experiment: ExperimentsTable,
  stopped: 'cancelled' | 'budget-exhausted' | undefined,
  samplesRun: number,
  now: string,
): Promise<RunExperimentResult> {
  const variantRows = await experimentVariants(ledger, experiment.id);
  const samples = await experimentSamples(ledger, experiment.id);
  let unfinished = 0;
  for (const variant of variantRows) {
    const own = samples.filter((sample) => sample.variantId === variant.id);
    const failed = own.filter((sample) => sample.status === 'failed' || sample.status === 'skipped');
    unfinished += own.filter((sample) => !finishedSampleStatuses.includes(sample.status)).length;
    const reason = failed.find((sample) => sample.status === 'failed')?.error ?? failed[0]?.error ?? null;
    await updateExperimentVariant(ledger, variant.id, {
      status: failed.length > 0 ? 'incomplete' : 'complete',
      statusReason:
        failed.length > 0 ? `${failed.length} of ${own.length} samples have no result: ${reason}` : null,
    });
  }
  const status: ExperimentStatus = stopped ?? (unfinished > 0 ? 'incomplete' : 'finished');
  const continueHint = `\`baton experiment --id ${experiment.id}\` continues it`;
  const message = {
    running: '',
    finished: `Experiment ${experiment.id} finished: ${samples.length} samples. \`baton experiment report ${experiment.id}\` shows the results.`,
    incomplete: `Experiment ${experiment.id} ended with ${unfinished} sample(s) without a result (a provider or workspace failed); ${continueHint}, and the report marks those variants incomplete.`,
    'budget-exhausted': `Experiment ${experiment.id} stopped at its budget with ${unfinished} sample(s) to go; ${continueHint} with a higher --budget-usd or --budget-tokens.`,
    cancelled: `Experiment ${experiment.id} was interrupted with ${unfinished} sample(s) to go; ${continueHint}.`,
  }[status];
  await updateExperiment(ledger, experiment.id, {
    status,
    statusReason: status === 'finished' ? null : message,
    endedAt: now,
    updatedAt: now,
  });
  return { experimentId: experiment.id, status, samplesRun, message };
}
