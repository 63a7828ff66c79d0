import type { ExperimentSummary } from '../metrics/index.js';
import { experimentSections, experimentTitle } from './experiment-sections.js';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** An experiment's report as Markdown, for pull requests and the docs next to the code. */
export function renderExperimentMarkdown(summary: ExperimentSummary): string {
  const blocks = [`# ${experimentTitle(summary)}`];
  for (const section of experimentSections(summary)) {
    const parts = [`## ${section.title}`];
    if (section.note) parts.push(section.note);
    if (section.header && section.rows) {
      parts.push(
        section.rows.length === 0
          ? '_None._'
          : [
              `| ${section.header.map(cell).join(' | ')} |`,
              `| ${section.header.map(() => '---').join(' | ')} |`,
              ...section.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
            ].join('\n'),
      );
    }
    if (section.lines) parts.push(section.lines.map((line) => `- ${line}`).join('\n'));
    blocks.push(parts.join('\n\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
