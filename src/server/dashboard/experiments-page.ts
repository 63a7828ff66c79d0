import type { ExperimentsTable } from '../../ledger/index.js';
import type { ExperimentSummary } from '../../metrics/index.js';
import {
  experimentSections,
  experimentTitle,
  formatRate,
  escapeHtml as html,
  renderSectionHtml,
} from '../../report/index.js';
import { layout, type PageOptions } from './pages.js';

/** One experiment in the list, with its variants' first-pass rates and verdict. */
export interface ExperimentListing {
  experiment: ExperimentsTable;
  summary: ExperimentSummary;
}

const link = (id: string) => `/experiments/${encodeURIComponent(id)}`;

/** Every experiment, newest first: component, status, first-pass rate per variant and the verdict. */
export function experimentsPage(options: PageOptions, listings: readonly ExperimentListing[]): string {
  if (listings.length === 0) {
    return layout(
      options,
      '<section><h2>Experiments</h2><p>No experiments yet: <code>baton experiment &lt;plan&gt; &lt;component&gt; --variants &lt;file&gt; --samples N</code> records one.</p></section>',
    );
  }
  const rows = listings.map(({ experiment, summary }) => {
    const rates = summary.variants
      .map((variant) => `${html(variant.key)}: ${html(formatRate(variant.firstPass))}`)
      .join('<br>');
    return `<tr data-experiment="${html(experiment.id)}"><td><a href="${link(experiment.id)}">${html(experiment.id)}</a></td><td>${html(experiment.componentKey)}</td><td class="status-${html(experiment.status)}">${html(experiment.status)}</td><td>${experiment.samplesPerVariant}</td><td>${rates}</td><td>${summary.verdicts.map(html).join('<br>')}</td><td>${html(experiment.createdAt)}</td></tr>`;
  });
  return layout(
    options,
    `<section><h2>Experiments</h2><table id="experiments"><thead><tr><th>experiment</th><th>component</th><th>status</th><th>samples per variant</th><th>first-pass gate</th><th>verdict</th><th>started</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></section>`,
  );
}

/** One experiment: every section of its report, and a link to the HTML report with charts. */
export function experimentPage(options: PageOptions, summary: ExperimentSummary): string {
  const body = [
    `<section><h2>${html(experimentTitle(summary))}</h2><p><a href="${link(summary.id)}/report">Report with charts</a> · <a href="/api/experiments/${encodeURIComponent(summary.id)}">JSON</a></p></section>`,
    ...experimentSections(summary).map(renderSectionHtml),
  ].join('\n');
  return layout(options, body);
}
