import { activities } from '../metrics/activity-profiles.js';
import type { MetricsReport } from '../metrics/metrics-report.js';
import type { ProductivityRow } from '../metrics/productivity.js';

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
const formatRatio = (ratio: number | null) => (ratio === null ? '–' : `${ratio.toFixed(2)}×`);
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
    formatRatio(row.ratio),
    `${formatTokens(row.inputTokens)} / ${formatTokens(row.outputTokens)}`,
    formatUsd(row.costUsd),
  ];
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
    allocation.closestProfile
      ? `${allocation.closestProfile} (${formatPercent(1 - allocation.distance[allocation.closestProfile])} alike)`
      : '–',
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
      note: 'Share of recorded time per activity, beside the article’s traditional and orchestrator profiles.',
      header: ['who', 'total', ...activities, 'closest profile'],
      rows: [...allocationRows, ...profileRows],
    },
    {
      title: 'Productivity',
      note: 'The plan’s estimate for writing directly against measured write (prompting or writing), review and debug time; a ratio above 1× means orchestration was faster.',
      header: [
        'component',
        'direct',
        'write',
        'review',
        'debug',
        'total',
        'ratio',
        'tokens in / out',
        'cost',
      ],
      rows: [
        ...productivity.components.map((row) => productivityRow(row, row.name)),
        ...productivity.features.map((row) => productivityRow(row, `all of ${row.name}`)),
      ],
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
      note: `${economics.calls} model calls, ${formatTokens(economics.inputTokens)} tokens in, ${formatTokens(economics.outputTokens)} out, ${formatUsd(economics.costUsd)}${economics.unpricedCalls > 0 ? ` (${economics.unpricedCalls === 1 ? '1 call had' : `${economics.unpricedCalls} calls had`} no price in the price table)` : ''}.`,
      header: ['provider', 'model', 'calls', 'tokens in', 'tokens out', 'cost'],
      rows: economics.byModel.map((spend) => [
        spend.provider,
        spend.model,
        String(spend.calls),
        formatTokens(spend.inputTokens),
        formatTokens(spend.outputTokens),
        formatUsd(spend.costUsd),
      ]),
    },
  ];
}
