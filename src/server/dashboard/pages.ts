import type { AttemptDetail, RunDetail, RunSummary } from '../../ledger/index.js';
import type { MetricsReport } from '../../metrics/index.js';
import {
  chartPanelsHtml,
  formatCost,
  escapeHtml as html,
  jsonForScript,
  metricsSections,
  renderSectionHtml,
} from '../../report/index.js';
import { findingLocation, ruleLabel } from './finding-cells.js';

export interface PageOptions {
  title: string;
  /** Last event sequence the page has seen, where live updates start. */
  afterSequence: number;
  allowWrites: boolean;
}

/** The page frame every dashboard page shares: header, navigation, live events and scripts. */
export function layout(options: PageOptions, body: string, data: unknown = null): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(options.title)} · Baton</title>
<link rel="stylesheet" href="/assets/baton.css">
</head>
<body data-after-sequence="${options.afterSequence}" data-allow-writes="${options.allowWrites}">
<header><h1>${html(options.title)}</h1><nav><a href="/">Overview</a><a href="/experiments">Experiments</a><a href="/team">Team</a><a href="/training">Training</a><a href="/audit">Audit</a><a href="/workers">Workers</a><a href="/api/metrics">Metrics JSON</a><span class="live" id="live-status">connecting…</span></nav></header>
<main>
${body}
<section><h2>Live events</h2><ol id="live-events" reversed></ol></section>
</main>
<script id="page-data" type="application/json">${jsonForScript(data)}</script>
<script src="/assets/chart.js"></script>
<script src="/assets/metrics-charts.js"></script>
<script src="/assets/dashboard.js"></script>
</body>
</html>
`;
}

const statusCell = (status: string) => `<td class="status-${html(status)}">${html(status)}</td>`;

function runsTable(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return '<p>No runs yet: `baton run <plan>` records one.</p>';
  const rows = runs.map(
    (run) =>
      `<tr data-run="${html(run.id)}"><td><a href="/runs/${encodeURIComponent(run.id)}">${html(run.id)}</a></td><td>${html(run.feature)}</td>${statusCell(run.status)}<td>${run.done}/${run.components}</td><td>${run.attempts}</td><td>${run.findings}</td><td>${formatCost(run.calls > 0 && run.unpricedCalls === run.calls ? null : run.costUsd, run.unpricedCalls)}</td><td>${html(run.startedAt)}</td></tr>`,
  );
  return `<table id="runs"><thead><tr><th>run</th><th>feature</th><th>status</th><th>done</th><th>attempts</th><th>findings</th><th>cost</th><th>started</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** The overview: runs, charts and every metric section. */
export function overviewPage(
  options: PageOptions,
  runs: readonly RunSummary[],
  report: MetricsReport,
): string {
  const body = [
    `<section><h2>Runs</h2>${runsTable(runs)}</section>`,
    chartPanelsHtml(),
    ...metricsSections(report).map(renderSectionHtml),
  ].join('\n');
  return layout(options, body, { kind: 'overview', report });
}

/** One run: each component with its attempts, findings and latest review. */
export function runPage(options: PageOptions, detail: RunDetail): string {
  const rows = detail.components.map((component) => {
    const attempts = component.attempts
      .map(
        (attempt) =>
          `<a class="status-${html(attempt.status)}" href="/attempts/${encodeURIComponent(attempt.id)}">#${attempt.number} ${html(attempt.status)}${attempt.findings > 0 ? ` (${attempt.findings} findings)` : ''}</a>`,
      )
      .join('<br>');
    const review = component.lastReview
      ? `<span class="decision-${html(component.lastReview.decision)}">${html(component.lastReview.decision)}</span> by ${html(component.lastReview.reviewer)}${component.lastReview.reason ? `: ${html(component.lastReview.reason)}` : ''}`
      : '';
    return `<tr><td>${html(component.key)}</td><td>${html(component.title)}</td><td>${html(component.triage ?? '')}</td>${statusCell(component.status)}<td>${attempts}</td><td>${review}</td></tr>`;
  });
  const body = `<section><h2>${html(detail.run.feature)}</h2><p class="note">Run ${html(detail.run.id)}: ${html(detail.run.status)}, ${detail.run.done}/${detail.run.components} components done, ${formatCost(detail.run.calls > 0 && detail.run.unpricedCalls === detail.run.calls ? null : detail.run.costUsd, detail.run.unpricedCalls)}.</p>
<table id="components"><thead><tr><th>component</th><th>title</th><th>triage</th><th>status</th><th>attempts</th><th>review</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></section>`;
  return layout({ ...options, title: `Run ${detail.run.id}` }, body, { kind: 'run', runId: detail.run.id });
}

/** One attempt: the prompt, the response, the edits and the findings, as recorded. */
export function attemptPage(options: PageOptions, detail: AttemptDetail): string {
  const findings = detail.findings.map(
    (finding) =>
      `<tr><td>${html(finding.severity)}</td><td>${html(ruleLabel(finding))}</td><td>${html(findingLocation(finding) || '(project)')}</td><td>${html(finding.message)}${finding.hint ? `<br><em>${html(finding.hint)}</em>` : ''}${finding.cwe ? ` (${html(finding.cwe)})` : ''}</td></tr>`,
  );
  const sections = [
    `<section><h2>${html(detail.component.key)} · attempt ${detail.attempt.number}</h2><p class="note">${html(detail.component.title)} — ${html(detail.attempt.status)}${detail.attempt.branch ? ` on ${html(detail.attempt.branch)}` : ''}</p></section>`,
    `<section><h2>Findings</h2>${findings.length > 0 ? `<table id="findings"><thead><tr><th>severity</th><th>rule</th><th>where</th><th>message</th></tr></thead><tbody>${findings.join('\n')}</tbody></table>` : '<p>None.</p>'}</section>`,
    ...detail.prompts.map((prompt) => `<section><h2>Prompt</h2><pre>${html(prompt.text)}</pre></section>`),
    ...detail.responses.map(
      (response) =>
        `<section><h2>Response from ${html(response.provider)}:${html(response.model)}</h2><pre>${html(response.text)}</pre></section>`,
    ),
    ...detail.edits.map(
      (edit) =>
        `<section><h2>Edit ${html(edit.path)} (${html(edit.format)}, ${html(edit.status)})</h2>${edit.error ? `<p>${html(edit.error)}</p>` : ''}<pre>${html(edit.content)}</pre></section>`,
    ),
    `<section><h2>Reviews</h2>${detail.reviews.length > 0 ? `<ul>${detail.reviews.map((review) => `<li class="decision-${html(review.decision)}">${html(review.decision)} by ${html(review.reviewer)}${review.reason ? `: ${html(review.reason)}` : ''}</li>`).join('')}</ul>` : '<p>None yet.</p>'}</section>`,
  ];
  return layout({ ...options, title: `Attempt ${detail.attempt.id}` }, sections.join('\n'), {
    kind: 'attempt',
    componentId: detail.component.id,
    attemptId: detail.attempt.id,
  });
}
