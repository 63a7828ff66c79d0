import type { ExperimentSummary } from '../metrics/index.js';
import { chartLibrarySource } from './assets.js';
import { jsonForScript } from './escape-html.js';
import { experimentSections, experimentTitle } from './experiment-sections.js';
import { renderSectionHtml } from './metrics-html.js';
import { selfContainedReportPage } from './report-page.js';

/** The data the charts draw, small and flat, so the page script stays simple. */
export interface ExperimentChartData {
  variants: string[];
  firstPass: (number | null)[];
  firstPassInterval: [number, number][];
  passed: (number | null)[];
  /** Mean cost per sample in US dollars; tokens stand in when no call was priced. */
  cost: { variant: string; x: number | null; y: number | null }[];
  costAxis: 'usd' | 'tokens';
}

export function experimentChartData(summary: ExperimentSummary): ExperimentChartData {
  const priced = summary.variants.some((variant) => variant.costUsd.total > 0);
  const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
  return {
    variants: summary.variants.map((variant) => variant.key),
    firstPass: summary.variants.map((variant) => percent(variant.firstPass.rate)),
    firstPassInterval: summary.variants.map((variant) => [
      percent(variant.firstPass.interval.lower) ?? 0,
      percent(variant.firstPass.interval.upper) ?? 100,
    ]),
    passed: summary.variants.map((variant) => percent(variant.passed.rate)),
    cost: summary.variants.map((variant) => ({
      variant: variant.key,
      x: priced
        ? variant.costUsd.mean
        : variant.inputTokens.mean === null
          ? null
          : variant.inputTokens.mean + (variant.outputTokens.mean ?? 0),
      y: percent(variant.passed.rate),
    })),
    costAxis: priced ? 'usd' : 'tokens',
  };
}

// Draws the two charts from the inlined data; Chart.js is inlined before it.
const chartScript = `
(function () {
  var data = JSON.parse(document.getElementById('baton-experiment-data').textContent);
  var colours = ['#2563eb', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0891b2'];
  new Chart(document.getElementById('chart-pass-rate'), {
    type: 'bar',
    data: {
      labels: data.variants,
      datasets: [
        { label: 'first-pass gate (%)', data: data.firstPass, backgroundColor: '#2563eb' },
        { label: '95% interval, first pass (%)', data: data.firstPassInterval, backgroundColor: 'rgba(37, 99, 235, 0.25)', borderColor: '#2563eb', borderWidth: 1 },
        { label: 'passed, any attempt (%)', data: data.passed, backgroundColor: '#16a34a' }
      ]
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100, title: { display: true, text: '% of finished samples' } } } }
  });
  new Chart(document.getElementById('chart-cost-pass'), {
    type: 'scatter',
    data: {
      datasets: data.cost.map(function (point, index) {
        return { label: point.variant, data: point.x === null || point.y === null ? [] : [{ x: point.x, y: point.y }], backgroundColor: colours[index % colours.length], pointRadius: 7 };
      })
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: {
      x: { title: { display: true, text: data.costAxis === 'usd' ? 'mean cost per sample (US$)' : 'mean tokens per sample (no prices recorded)' } },
      y: { min: 0, max: 100, title: { display: true, text: 'passed (%)' } }
    } }
  });
  document.body.dataset.chartsDrawn = 'true';
})();
`;

/** An experiment's report as one self-contained HTML file with its charts; it needs no network. */
export function renderExperimentHtml(summary: ExperimentSummary): string {
  return selfContainedReportPage(
    experimentTitle(summary),
    `<section><h2>Charts</h2><div class="charts">
<div><h3>Pass rate with 95% intervals</h3><div class="chart"><canvas id="chart-pass-rate"></canvas></div></div>
<div><h3>Cost against pass rate</h3><div class="chart"><canvas id="chart-cost-pass"></canvas></div></div>
</div></section>
${experimentSections(summary).map(renderSectionHtml).join('\n')}`,
    [
      `<script id="baton-experiment-data" type="application/json">${jsonForScript(experimentChartData(summary))}</script>`,
      `<script id="baton-experiment-summary" type="application/json">${jsonForScript(summary)}</script>`,
      `<script>${chartLibrarySource()}</script>`,
      `<script>${chartScript}</script>`,
    ],
  );
}
