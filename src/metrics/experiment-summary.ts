import { BatonError } from '../core/errors.js';
import type { LedgerStore } from '../ledger/index.js';
import {
  type ExperimentSamplesTable,
  experimentSamples,
  experimentVariants,
  findExperiment,
  sampleRunRecord,
} from '../ledger/index.js';
import {
  bootstrapMeanInterval,
  compareRates,
  type Interval,
  mean,
  type RateComparison,
  wilsonInterval,
} from './statistics/index.js';

/** A rate with its Wilson 95 % interval. */
export interface RateMeasure {
  count: number;
  of: number;
  rate: number | null;
  interval: Interval;
}

/** A mean with its seeded bootstrap 95 % interval; null when there is nothing to average. */
export interface MeanMeasure {
  mean: number | null;
  interval: Interval | null;
  samples: number;
}

export interface VariantSummary {
  key: string;
  baseline: boolean;
  description: string | null;
  providerId: string;
  temperature: number;
  /** The variant as the variants file writes it. */
  changes: Record<string, unknown>;
  /** `incomplete` when some samples have no result (a provider failed), with why. */
  status: string;
  statusReason: string | null;
  planned: number;
  /** Samples with a result: passed or escalated. */
  finished: number;
  firstPass: RateMeasure;
  passed: RateMeasure;
  escalations: RateMeasure;
  /** Attempts the gate judged per finished sample. */
  attempts: MeanMeasure;
  /** Attempts it took the samples that passed. */
  attemptsToPass: MeanMeasure;
  costUsd: MeanMeasure & { total: number; unpricedCalls: number };
  inputTokens: MeanMeasure;
  outputTokens: MeanMeasure;
  latencyMs: MeanMeasure;
  /** Blocking findings over all finished samples, most frequent rule first. */
  blockingFindings: { ruleId: string; count: number }[];
}

export interface ExperimentSummary {
  id: string;
  componentKey: string;
  planFile: string;
  variantsFile: string;
  providerId: string;
  baseCommit: string;
  samplesPerVariant: number;
  maxAttempts: number;
  budgetUsd: number | null;
  budgetTokens: number | null;
  status: string;
  statusReason: string | null;
  createdAt: string;
  endedAt: string | null;
  baseline: string;
  /** The checks the samples' gates ran, in the order the first gate ran them; a report names its evidence. */
  gateChecks: string[];
  variants: VariantSummary[];
  /** Each variant against the baseline, Holm-corrected when there are more than one. */
  firstPassComparisons: RateComparison[];
  passComparisons: RateComparison[];
  /** One sentence per comparison of first-pass rates, with its uncertainty. */
  verdicts: string[];
  /** Samples in the order they ran. */
  samples: { sequence: number; variant: string; number: number; status: string; runId: string | null }[];
}

const finished = new Set(['passed', 'escalated']);

/** The checks every judged attempt of the samples' runs required, from the evidence each attempt stored. */
async function gateChecksOf(ledger: LedgerStore, runIds: readonly string[]): Promise<string[]> {
  const checks: string[] = [];
  for (const runId of runIds) {
    for (const attempt of (await sampleRunRecord(ledger, runId)).attempts) {
      if (!attempt.evidence) continue;
      let required: unknown;
      try {
        required = (JSON.parse(attempt.evidence) as { requiredChecks?: unknown }).requiredChecks;
      } catch {
        continue;
      }
      if (!Array.isArray(required)) continue;
      for (const id of required) if (typeof id === 'string' && !checks.includes(id)) checks.push(id);
    }
  }
  return checks;
}

function rateOf(count: number, of: number): RateMeasure {
  return { count, of, rate: of > 0 ? count / of : null, interval: wilsonInterval(count, of) };
}

function meanOf(values: readonly number[], seed: number): MeanMeasure {
  if (values.length === 0) return { mean: null, interval: null, samples: 0 };
  return { mean: mean(values), interval: bootstrapMeanInterval(values, { seed }), samples: values.length };
}

function summarizeVariant(
  row: Awaited<ReturnType<typeof experimentVariants>>[number],
  samples: readonly ExperimentSamplesTable[],
  seed: number,
): VariantSummary {
  const done = samples.filter((sample) => finished.has(sample.status));
  const count = (test: (sample: ExperimentSamplesTable) => boolean) => done.filter(test).length;
  const numbers = (pick: (sample: ExperimentSamplesTable) => number | null, from = done) =>
    from.map(pick).filter((value): value is number => value !== null);
  const rules = new Map<string, number>();
  for (const sample of done) {
    const counts = sample.blockingFindings
      ? (JSON.parse(sample.blockingFindings) as Record<string, number>)
      : {};
    for (const [ruleId, number] of Object.entries(counts))
      rules.set(ruleId, (rules.get(ruleId) ?? 0) + number);
  }
  const costs = numbers((sample) => sample.costUsd);
  return {
    key: row.key,
    baseline: row.baseline === 1,
    description: row.description,
    providerId: row.providerId,
    temperature: Number(row.temperature),
    changes: JSON.parse(row.changes) as Record<string, unknown>,
    status: row.status,
    statusReason: row.statusReason,
    planned: samples.length,
    finished: done.length,
    firstPass: rateOf(
      count((sample) => sample.firstPass === 1),
      done.length,
    ),
    passed: rateOf(
      count((sample) => sample.status === 'passed'),
      done.length,
    ),
    escalations: rateOf(
      count((sample) => sample.escalated === 1),
      done.length,
    ),
    attempts: meanOf(
      numbers((sample) => sample.attempts),
      seed,
    ),
    attemptsToPass: meanOf(
      numbers(
        (sample) => sample.attempts,
        done.filter((sample) => sample.status === 'passed'),
      ),
      seed,
    ),
    costUsd: {
      ...meanOf(costs, seed),
      total: costs.reduce((sum, value) => sum + value, 0),
      unpricedCalls: numbers((sample) => sample.unpricedCalls).reduce((sum, value) => sum + value, 0),
    },
    inputTokens: meanOf(
      numbers((sample) => sample.inputTokens),
      seed,
    ),
    outputTokens: meanOf(
      numbers((sample) => sample.outputTokens),
      seed,
    ),
    latencyMs: meanOf(
      numbers((sample) => sample.latencyMs),
      seed,
    ),
    blockingFindings: [...rules]
      .map(([ruleId, number]) => ({ ruleId, count: number }))
      .sort((left, right) => right.count - left.count || left.ruleId.localeCompare(right.ruleId)),
  };
}

/** An experiment's measures and statistics per variant, read from the ledger. */
export async function buildExperimentSummary(ledger: LedgerStore, id: string): Promise<ExperimentSummary> {
  const experiment = await findExperiment(ledger, id);
  if (!experiment) {
    throw new BatonError({
      code: 'EXPERIMENT_NOT_FOUND',
      message: `No experiment "${id}" in the ledger at ${ledger.location}.`,
      hint: 'List experiments with `baton experiment list`.',
    });
  }
  const rows = await experimentVariants(ledger, id);
  const samples = await experimentSamples(ledger, id);
  const variants = rows.map((row) =>
    summarizeVariant(
      row,
      samples.filter((sample) => sample.variantId === row.id),
      experiment.seed,
    ),
  );
  const baseline = variants.find((variant) => variant.baseline) ?? variants[0];
  const others = variants.filter((variant) => variant !== baseline);
  const compare = (pick: (variant: VariantSummary) => RateMeasure, what: string) =>
    baseline
      ? compareRates(
          { name: baseline.key, successes: pick(baseline).count, trials: pick(baseline).of },
          others.map((variant) => ({
            name: variant.key,
            successes: pick(variant).count,
            trials: pick(variant).of,
          })),
          { what },
        )
      : [];
  const firstPassComparisons = compare((variant) => variant.firstPass, 'passes first time');
  const keys = new Map(rows.map((row) => [row.id, row.key]));
  return {
    id: experiment.id,
    componentKey: experiment.componentKey,
    planFile: experiment.planFile,
    variantsFile: experiment.variantsFile,
    providerId: experiment.providerId,
    baseCommit: experiment.baseCommit,
    samplesPerVariant: experiment.samplesPerVariant,
    maxAttempts: experiment.maxAttempts,
    budgetUsd: experiment.budgetUsd,
    budgetTokens: experiment.budgetTokens,
    status: experiment.status,
    statusReason: experiment.statusReason,
    createdAt: experiment.createdAt,
    endedAt: experiment.endedAt,
    baseline: baseline?.key ?? '',
    gateChecks: await gateChecksOf(
      ledger,
      samples.flatMap((sample) => (sample.runId && finished.has(sample.status) ? [sample.runId] : [])),
    ),
    variants,
    firstPassComparisons,
    passComparisons: compare((variant) => variant.passed, 'passes the gate'),
    verdicts: [
      ...firstPassComparisons.map((comparison) => comparison.verdict),
      ...variants
        .filter((variant) => variant.status === 'incomplete')
        .map(
          (variant) =>
            `${variant.key}'s results are incomplete: ${variant.statusReason ?? 'some samples have no result'}.`,
        ),
    ],
    samples: samples.map((sample) => ({
      sequence: sample.sequence,
      variant: keys.get(sample.variantId) ?? '',
      number: sample.number,
      status: sample.status,
      runId: sample.runId,
    })),
  };
}
