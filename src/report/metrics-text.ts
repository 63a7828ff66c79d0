import { formatTable } from '../core/index.js';
import type { MetricsReport } from '../metrics/index.js';
import { metricsSections, reportTitle } from './metrics-sections.js';

/** The report for a terminal: plain text, tables padded to align. */
export function renderMetricsText(report: MetricsReport): string {
  const blocks = [reportTitle(report)];
  for (const section of metricsSections(report)) {
    const parts = [section.title, '-'.repeat(section.title.length)];
    if (section.note) parts.push(section.note);
    if (section.header && section.rows) {
      parts.push(section.rows.length > 0 ? formatTable(section.header, section.rows) : '(nothing recorded)');
    }
    for (const line of section.lines ?? []) parts.push(`  ${line}`);
    blocks.push(parts.join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
