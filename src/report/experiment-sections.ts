import type { ExperimentSummary, MeanMeasure, RateMeasure, VariantSummary } from '../metrics/index.js';
import { formatP } from '../metrics/index.js';
import { formatUsd, type ReportSection } from './metrics-sections.js';

export function experimentTitle(summary: ExperimentSummary): string {
  return `Experiment ${summary.id}: prompts for "${summary.componentKey}"`;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** `18/20 (90%, 95% CI 70–97%)`. */
export function formatRate(measure: RateMeasure): string {
  if (measure.of === 0) return 'no finished sample';
  return `${measure.count}/${measure.of} (${percent(measure.rate ?? 0)}, 95% CI ${percent(measure.interval.lower)}–${percent(measure.interval.upper)})`;
}

function formatMean(measure: MeanMeasure, unit: (value: number) => string): string {
  if (measure.mean === null || !measure.interval) return '–';
  return `${unit(measure.mean)} (95% CI ${unit(measure.interval.lower)}–${unit(measure.interval.upper)})`;
}

const attemptsUnit = (value: number) => value.toFixed(2);
const secondsUnit = (value: number) => `${(value / 1000).toFixed(1)} s`;
const tokensUnit = (value: number) => Math.round(value).toLocaleString('en');

function formatCostMean(variant: VariantSummary): string {
  const cost = variant.costUsd;
  if (cost.mean === null) return '–';
  if (cost.total === 0 && cost.unpricedCalls > 0)
    return `unknown (${cost.unpricedCalls} calls with no price)`;
  const text = formatMean(cost, formatUsd);
  return cost.unpricedCalls > 0 ? `${text} + unknown (${cost.unpricedCalls} unpriced calls)` : text;
}

/** What a variant changes, in a few words. */
export function describeChanges(variant: VariantSummary): string {
  const changes = variant.changes;
  const parts: string[] = [];
  if (Array.isArray(changes.drop)) parts.push(`drops ${changes.drop.join(', ')}`);
  for (const [verb, key] of [
    ['replaces', 'replace'],
    ['adds to', 'add'],
  ] as const) {
    const value = changes[key];
    if (value && typeof value === 'object') parts.push(`${verb} ${Object.keys(value).join(', ')}`);
  }
  if (Array.isArray(changes.wording)) parts.push(`rewords ${changes.wording.length} phrase(s)`);
  if (typeof changes.provider === 'string') parts.push(`provider ${changes.provider}`);
  if (typeof changes.temperature === 'number') parts.push(`temperature ${changes.temperature}`);
  if (parts.length === 0) return variant.baseline ? 'the plan’s prompt (baseline)' : 'no change';
  return `${parts.join('; ')}${variant.baseline ? ' (baseline)' : ''}`;
}

/** The sections every experiment report renders, in order. */
export function experimentSections(summary: ExperimentSummary): ReportSection[] {
  const sections: ReportSection[] = [];
  sections.push({
    title: 'Verdict',
    note: `Against the baseline ${summary.baseline}; Fisher's exact test, two-sided${summary.variants.length > 2 ? ', Holm-corrected' : ''}.`,
    lines: summary.verdicts.length > 0 ? summary.verdicts : ['Nothing to compare yet.'],
  });
  sections.push({
    title: 'Experiment',
    lines: (
      [
        ['component', summary.componentKey],
        ['plan', summary.planFile],
        ['variants file', summary.variantsFile],
        ['status', summary.statusReason ? `${summary.status}: ${summary.statusReason}` : summary.status],
        ['samples per variant', String(summary.samplesPerVariant)],
        ['max attempts', String(summary.maxAttempts)],
        ['gate checks', summary.gateChecks.length > 0 ? summary.gateChecks.join(', ') : 'none yet'],
        ['base commit', summary.baseCommit.slice(0, 12)],
        ['default provider', summary.providerId],
        [
          'budget',
          [
            summary.budgetUsd !== null ? `$${summary.budgetUsd}` : '',
            summary.budgetTokens !== null ? `${summary.budgetTokens} tokens` : '',
          ]
            .filter(Boolean)
            .join(', ') || 'none',
        ],
        ['started', summary.createdAt],
      ] as const
    ).map(([name, value]) => `${name}: ${value}`),
  });
  sections.push({
    title: 'Variants',
    header: ['variant', 'changes', 'provider', 'temperature', 'samples', 'status'],
    rows: summary.variants.map((variant) => [
      variant.key,
      describeChanges(variant),
      variant.providerId,
      String(variant.temperature),
      `${variant.finished}/${variant.planned}`,
      variant.statusReason ? `${variant.status}: ${variant.statusReason}` : variant.status,
    ]),
  });
  sections.push({
    title: 'Rates',
    note: 'Share of finished samples, with Wilson 95% intervals.',
    header: ['variant', 'first-pass gate', 'passed (any attempt)', 'escalated'],
    rows: summary.variants.map((variant) => [
      variant.key,
      formatRate(variant.firstPass),
      formatRate(variant.passed),
      formatRate(variant.escalations),
    ]),
  });
  sections.push({
    title: 'Attempts, cost and latency',
    note: 'Means per finished sample, with seeded bootstrap 95% intervals (2,000 resamples).',
    header: ['variant', 'attempts', 'attempts to pass', 'cost', 'input tokens', 'output tokens', 'wall time'],
    rows: summary.variants.map((variant) => [
      variant.key,
      formatMean(variant.attempts, attemptsUnit),
      formatMean(variant.attemptsToPass, attemptsUnit),
      formatCostMean(variant),
      formatMean(variant.inputTokens, tokensUnit),
      formatMean(variant.outputTokens, tokensUnit),
      formatMean(variant.latencyMs, secondsUnit),
    ]),
  });
  const rules = [
    ...new Set(summary.variants.flatMap((variant) => variant.blockingFindings.map((rule) => rule.ruleId))),
  ].sort();
  sections.push({
    title: 'Blocking findings by rule',
    note: 'Over every attempt of the finished samples.',
    header: ['rule', ...summary.variants.map((variant) => variant.key)],
    rows: rules.map((ruleId) => [
      ruleId,
      ...summary.variants.map((variant) =>
        String(variant.blockingFindings.find((rule) => rule.ruleId === ruleId)?.count ?? 0),
      ),
    ]),
  });
  if (summary.firstPassComparisons.length > 0) {
    sections.push({
      title: 'Tests',
      header: ['comparison', 'measure', 'p', 'adjusted p', 'samples per variant to tell'],
      rows: [
        ...summary.firstPassComparisons.map((comparison) => ['first pass', comparison] as const),
        ...summary.passComparisons.map((comparison) => ['passed', comparison] as const),
      ].map(([measure, comparison]) => [
        `${comparison.name} vs ${comparison.baseline}`,
        measure,
        formatP(comparison.p).replace('p = ', '').replace('p < ', '< '),
        formatP(comparison.adjustedP).replace('p = ', '').replace('p < ', '< '),
        comparison.significant
          ? '–'
          : comparison.samplesNeeded === undefined
            ? 'no difference seen'
            : String(comparison.samplesNeeded),
      ]),
    });
  }
  sections.push({
    title: 'Samples in the order they ran',
    header: ['#', 'variant', 'sample', 'status', 'run'],
    rows: summary.samples.map((sample) => [
      String(sample.sequence),
      sample.variant,
      String(sample.number),
      sample.status,
      sample.runId ?? '',
    ]),
  });
  return sections;
}
