import type { MetricsReport } from '../metrics/index.js';
import { metricsSections, reportTitle } from './metrics-sections.js';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The report as Markdown, for pull requests and docs next to the code. */
export function renderMetricsMarkdown(report: MetricsReport): string {
  const blocks = [`# ${reportTitle(report)}`];
  for (const section of metricsSections(report)) {
    const parts = [`## ${section.title}`];
    if (section.note) parts.push(section.note);
    if (section.header && section.rows) {
      if (section.rows.length === 0) {
        parts.push('_Nothing recorded._');
      } else {
        parts.push(
          [
            `| ${section.header.map(cell).join(' | ')} |`,
            `| ${section.header.map(() => '---').join(' | ')} |`,
            ...section.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
          ].join('\n'),
        );
      }
    }
    if (section.lines) parts.push(section.lines.map((line) => `- ${line}`).join('\n'));
    blocks.push(parts.join('\n\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
