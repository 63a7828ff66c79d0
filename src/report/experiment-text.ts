import { formatTable } from '../core/index.js';
import type { ExperimentSummary } from '../metrics/index.js';
import { experimentSections, experimentTitle } from './experiment-sections.js';

/** An experiment's report for a terminal. */
export function renderExperimentText(summary: ExperimentSummary): string {
  const blocks = [experimentTitle(summary)];
  for (const section of experimentSections(summary)) {
    const parts = [section.title, '-'.repeat(section.title.length)];
    if (section.note) parts.push(section.note);
    if (section.header && section.rows)
      parts.push(section.rows.length > 0 ? formatTable(section.header, section.rows) : '(none)');
    for (const line of section.lines ?? []) parts.push(`  ${line}`);
    blocks.push(parts.join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
