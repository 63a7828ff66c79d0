import type { MetricsReport } from '../metrics/index.js';
import { chartLibrarySource, metricsChartsSource } from './assets.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import { metricsSections, type ReportSection, reportTitle } from './metrics-sections.js';
import { selfContainedReportPage } from './report-page.js';

const chartPanels: readonly [id: string, title: string][] = [
  ['chart-time', 'Time shares against the two profiles'],
  ['chart-productivity', 'Direct estimate against measured time, per component'],
  ['chart-attempts', 'Attempts per component'],
  ['chart-findings', 'Findings by check'],
  ['chart-cost', 'Cost over time'],
];

/** One section as HTML: note, table and list, all escaped. */
export function renderSectionHtml(section: ReportSection): string {
  const parts = [`<h2>${escapeHtml(section.title)}</h2>`];
  if (section.note) parts.push(`<p class="note">${escapeHtml(section.note)}</p>`);
  if (section.header && section.rows) {
    const head = section.header.map((title) => `<th>${escapeHtml(title)}</th>`).join('');
    const body = section.rows
      .map((row) => `<tr>${row.map((text) => `<td>${escapeHtml(text)}</td>`).join('')}</tr>`)
      .join('\n');
    parts.push(
      section.rows.length > 0
        ? `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
        : '<p>Nothing recorded.</p>',
    );
  }
  if (section.lines)
    parts.push(`<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`);
  return `<section>${parts.join('\n')}</section>`;
}

/** The panels the chart script draws into. */
export function chartPanelsHtml(): string {
  const panels = chartPanels.map(
    ([id, title]) =>
      `<div><h3>${escapeHtml(title)}</h3><div class="chart"><canvas id="${id}"></canvas></div></div>`,
  );
  return `<section><h2>Charts</h2><div class="charts">${panels.join('\n')}</div></section>`;
}

/**
 * The report as one self-contained HTML file: styles, Chart.js and the data are inlined, so it opens
 * from disk or an attachment with no network.
 */
export function renderMetricsHtml(report: MetricsReport): string {
  return selfContainedReportPage(
    reportTitle(report),
    `${chartPanelsHtml()}\n${metricsSections(report).map(renderSectionHtml).join('\n')}`,
    [
      `<script id="baton-report-data" type="application/json">${jsonForScript(report)}</script>`,
      `<script>${chartLibrarySource()}</script>`,
      `<script>${metricsChartsSource()}</script>`,
      "<script>window.drawBatonCharts(JSON.parse(document.getElementById('baton-report-data').textContent));</script>",
    ],
  );
}
