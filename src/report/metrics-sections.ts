import type { Allocation, MetricsReport, ProductivityRow, Quality } from '../metrics/index.js';
import { activities } from '../metrics/index.js';

/** A titled table or list: what text, Markdown and HTML reports all render. */
export interface ReportSection {
  title: string;
  /** One sentence under the title saying how to read it. */
  note?: string;
  header?: string[];
  rows?: string[][];
  lines?: string[];
}

/** Hours as a person reads them: `1.50 h`, `25 min`, `40 s`. */
export function formatHours(hours: number): string {
  if (hours === 0) return '0 h';
  if (hours < 1 / 60) return `${Math.max(1, Math.round(hours * 3600))} s`;
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  return `${hours.toFixed(hours >= 10 ? 1 : 2)} h`;
}
export const formatPercent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);
export const formatUsd = (usd: number) => `$${usd.toFixed(usd >= 1 ? 2 : 4)}`;

/** Money with unknown prices said as such: `unknown` when no call was priced, `$0.0100 + unknown` when some were not. */
export function formatCost(usd: number | null, unpricedCalls: number): string {
  if (usd === null) return 'unknown';
  return unpricedCalls > 0 ? `${formatUsd(usd)} + unknown` : formatUsd(usd);
}

function formatRatio(row: ProductivityRow): string {
  if (row.ratio === null) return 'not measured';
  const ratio = `${row.ratio.toFixed(2)}×`;
  const measured = row.measured;
  return measured && measured.components < measured.of
    ? `${ratio} (${measured.components} of ${measured.of})`
    : ratio;
}
const formatTokens = (count: number) => count.toLocaleString('en');

export function reportTitle(report: MetricsReport): string {
  const parts = ['Baton report'];
  if (report.filter.feature) parts.push(report.filter.feature);
  if (report.filter.since) parts.push(`since ${report.filter.since}`);
  parts.push(`generated ${report.generatedAt.replace('T', ' ').slice(0, 16)} UTC`);
  return parts.join(' · ');
}

function productivityRow(row: ProductivityRow, label: string): string[] {
  return [
    label,
    row.directEstimateHours === null ? '–' : formatHours(row.directEstimateHours),
    formatHours(row.writeHours),
    formatHours(row.reviewHours),
    formatHours(row.debugHours),
    formatHours(row.totalHours),
    formatRatio(row),
    formatHours(row.modelHours),
    `${formatTokens(row.inputTokens)} / ${formatTokens(row.outputTokens)}`,
    formatCost(row.costUsd, row.unpricedCalls),
  ];
}

/** One line per reason a ratio was not measured, naming the rows it applies to. */
function notMeasuredLines(rows: readonly { label: string; row: ProductivityRow }[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const { label, row } of rows) {
    if (row.notMeasured === undefined) continue;
    byReason.set(row.notMeasured, [...(byReason.get(row.notMeasured) ?? []), label]);
  }
  return [...byReason].map(([reason, labels]) => `Ratio not measured for ${labels.join(', ')}: ${reason}.`);
}

function allocationProfileCell(allocation: Allocation, minProfileHours: number): string {
  if (allocation.totalHours === 0) return '–';
  if (!allocation.closestProfile) return `not compared (under ${formatHours(minProfileHours)})`;
  return `${allocation.closestProfile} (${formatPercent(1 - allocation.distance[allocation.closestProfile])} alike)`;
}

function reviewLine(review: Quality['review']): string {
  const branches = review.baseBranches.length > 0 ? review.baseBranches.join(', ') : 'the base branch';
  if (review.accepted === 0 && review.merged === 0) return 'Review: no component accepted yet';
  const merged =
    review.merged === 0
      ? 'none merged yet'
      : `${review.mergedByPolicy} of ${review.merged} merged components reached ${branches} that way`;
  return `Review: ${review.accepted - review.acceptedByPolicy} of ${review.accepted} accepted components reviewed by a person, ${review.acceptedByPolicy} accepted by policy (nobody reviewed them); ${merged}`;
}

/** The report's sections in reading order: time, productivity, where orchestration lost, quality, money. */
export function metricsSections(report: MetricsReport): ReportSection[] {
  const { timeAllocation, productivity, quality, economics } = report;
  const allocationRows = [...timeAllocation.people, timeAllocation.team].map((allocation) => [
    allocation.who,
    formatHours(allocation.totalHours),
    ...activities.map((activity) =>
      formatPercent(allocation.totalHours > 0 ? allocation.shares[activity] : null),
    ),
    allocationProfileCell(allocation, timeAllocation.minProfileHours),
  ]);
  const profileRows = Object.entries(timeAllocation.profiles).map(([name, profile]) => [
    `${name} profile`,
    '',
    ...activities.map((activity) => formatPercent(profile[activity])),
    '',
  ]);
  const losses = productivity.losses.map(
    (loss) =>
      `${loss.component} (${loss.feature}): ${loss.outcome}${loss.reasons.length > 0 ? ` — ${loss.reasons.join('; ')}` : ''}`,
  );
  return [
    {
      title: 'Time allocation',
      note: `Share of people’s recorded time per activity, beside the article’s traditional and orchestrator profiles; a split under ${formatHours(timeAllocation.minProfileHours)} (metrics.minProfileHours) is not compared.${timeAllocation.modelHours > 0 ? ` The model worked ${formatHours(timeAllocation.modelHours)} in runs, which is no one’s time and not counted here.` : ''}`,
      header: ['who', 'total', ...activities, 'closest profile'],
      rows: [...allocationRows, ...profileRows],
    },
    {
      title: 'Productivity',
      note: 'The plan’s estimate for writing directly against the time people spent writing (prompting or writing), reviewing and debugging; a ratio above 1× means orchestration was faster. The model’s time is shown apart and is not in the ratio.',
      header: [
        'component',
        'direct',
        'write',
        'review',
        'debug',
        'human',
        'ratio',
        'model',
        'tokens in / out',
        'cost',
      ],
      rows: [
        ...productivity.components.map((row) => productivityRow(row, row.name)),
        ...productivity.features.map((row) => productivityRow(row, `all of ${row.name}`)),
      ],
      lines: notMeasuredLines([
        ...productivity.components.map((row) => ({ label: row.name, row })),
        ...productivity.features.map((row) => ({ label: `all of ${row.name}`, row })),
      ]),
    },
    {
      title: 'Where orchestration lost',
      lines: losses.length > 0 ? losses : ['Nowhere: no component was escalated or written directly.'],
    },
    {
      title: 'Quality',
      lines: [
        `First-pass acceptance: ${quality.firstPassAccepted} of ${quality.componentsAttempted} components (${formatPercent(quality.firstPassRate)})`,
        `Attempts per component: mean ${quality.attemptsPerComponent.mean?.toFixed(2) ?? '–'}, max ${quality.attemptsPerComponent.max}`,
        `Defects: ${quality.defects.caughtByGate} caught by the gate, ${quality.defects.rejectedInReview} rejected in review, ${quality.defects.foundLater} found later (gate caught ${formatPercent(quality.defects.gateCatchRate)})`,
        `Caught by the gate counts distinct blocking findings on each component's own files, a failing test once, of ${quality.defects.gateFindings} findings recorded (evidence, notes and repeats across attempts included)`,
        reviewLine(quality.review),
      ],
    },
    {
      title: 'Findings by check',
      header: ['check', 'findings', 'rules'],
      rows: quality.findingsByCheck.map((check) => [
        check.checkId,
        String(check.count),
        check.rules.map((rule) => `${rule.ruleId} ×${rule.count}`).join(', '),
      ]),
    },
    {
      title: 'Economics',
      note: `${economics.calls} model calls, ${formatTokens(economics.inputTokens)} tokens in, ${formatTokens(economics.outputTokens)} out, ${formatCost(economics.calls > 0 && economics.unpricedCalls === economics.calls ? null : economics.costUsd, economics.unpricedCalls)}${economics.unpricedCalls > 0 ? ` (${economics.unpricedCalls === 1 ? '1 call had' : `${economics.unpricedCalls} calls had`} no price in the price table)` : ''}.`,
      header: ['provider', 'model', 'calls', 'tokens in', 'tokens out', 'cost'],
      rows: economics.byModel.map((spend) => [
        spend.provider,
        spend.model,
        String(spend.calls),
        formatTokens(spend.inputTokens),
        formatTokens(spend.outputTokens),
        formatCost(spend.costUsd, spend.unpricedCalls),
      ]),
    },
  ];
}
