import { escapeHtml as html } from '../../report/index.js';
import { type AuditReport, type MistakeId, mistakes, type TeamReport } from '../../team/index.js';
import { layout, type PageOptions } from './pages.js';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
const minutes = (value: number | null) => (value === null ? '–' : `${Number(value.toFixed(1))} min`);

/** The team page: its shape against the article's 4:4:2, and each person's figures from the ledger. */
export function teamPage(options: PageOptions, report: TeamReport): string {
  const { composition } = report;
  const shape = composition.gaps
    .map(
      (gap) =>
        `<tr data-role="${gap.role}"><td>${gap.role}</td><td>${gap.have}</td><td>${gap.target}</td><td>${gap.short > 0 ? `${gap.short} short` : gap.short < 0 ? `${-gap.short} over` : '–'}</td></tr>`,
    )
    .join('');
  const people = report.people.map((person) => {
    const allocation = person.timeAllocation;
    return `<tr data-person="${html(person.name)}"><td>${html(person.name)}</td><td>${person.role}</td><td>${html(person.trainingPhase ?? '–')}</td><td>${person.componentsPrompted}</td><td>${person.componentsPrompted > 0 ? `${person.firstPassAccepted} (${percent(person.firstPassRate)})` : '–'}</td><td>${person.attempts}</td><td>${person.componentsReviewed}</td><td>${minutes(person.reviewMinutesPerComponent)}</td><td>${person.caughtInReview}</td><td>${person.defectsFoundLater}</td><td>${allocation.totalHours.toFixed(2)} h</td><td>${html(allocation.closestProfile ?? '–')}</td></tr>`;
  });
  const unknown =
    report.unknownIdentities.length > 0
      ? `<section><h2>Not on the team</h2><ul id="unknown-identities">${report.unknownIdentities.map((entry) => `<li>${html(entry.identity)} (${entry.rows} rows)</li>`).join('')}</ul></section>`
      : '';
  const history =
    report.changes.length > 0
      ? `<section><h2>Role history</h2><ol id="role-history">${report.changes
          .map(
            (change) =>
              `<li>${html(change.changedAt.slice(0, 10))} ${html(change.person)}: ${
                change.change === 'added'
                  ? `added as ${html(change.role ?? '')}`
                  : change.change === 'removed'
                    ? `removed (was ${html(change.previousRole ?? '')})`
                    : `${html(change.previousRole ?? '')} → ${html(change.role ?? '')}`
              }${change.trainingPhase ? ` (${html(change.trainingPhase)})` : ''} by ${html(change.changedBy)}</li>`,
          )
          .join('')}</ol></section>`
      : '';
  const body = `<section><h2>Composition</h2><p id="composition-summary">${html(composition.summary)}</p>
<table id="composition"><thead><tr><th>role</th><th>people</th><th>article's shape</th><th>gap</th></tr></thead><tbody>${shape}</tbody></table></section>
<section><h2>People</h2>${
    people.length > 0
      ? `<table id="people"><thead><tr><th>name</th><th>role</th><th>training phase</th><th>prompted</th><th>first pass</th><th>attempts</th><th>reviewed</th><th>review / component</th><th>caught in review</th><th>defects later</th><th>time</th><th>closest profile</th></tr></thead><tbody>${people.join('\n')}</tbody></table>`
      : '<p>No one is on the team: list people under <code>team</code> in baton.config.ts, or add them with <code>baton team add</code>.</p>'
  }</section>${unknown}${history}`;
  return layout({ ...options, title: 'Team' }, body, { kind: 'team', report });
}

/** The audit page: the article's mistakes found in the ledger, by week, then every finding. */
export function auditPage(options: PageOptions, report: AuditReport): string {
  const ids = Object.keys(mistakes) as MistakeId[];
  const weeks = new Map<string, Record<MistakeId, number>>();
  for (const finding of report.findings) {
    const day = new Date(finding.at);
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
    const week = Number.isNaN(day.getTime()) ? 'unknown' : day.toISOString().slice(0, 10);
    const counts =
      weeks.get(week) ?? (Object.fromEntries(ids.map((id) => [id, 0])) as Record<MistakeId, number>);
    counts[finding.mistake] += 1;
    weeks.set(week, counts);
  }
  const overTime = [...weeks.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(
      ([week, counts]) =>
        `<tr data-week="${week}"><td>${week}</td>${ids.map((id) => `<td>${counts[id]}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const rows = report.findings
    .map(
      (finding) =>
        `<tr class="severity-${finding.severity}" data-rule="${html(finding.rule)}"><td>${html(finding.at.slice(0, 16).replace('T', ' '))}</td><td>${html(finding.mistake)}</td><td>${finding.severity}</td><td>${html(finding.rule)}</td><td>${html(finding.message)}</td><td>${html(finding.people.join(', '))}</td><td>${html(finding.rows.join(', '))}</td></tr>`,
    )
    .join('\n');
  const body = `<section><h2>Findings over time</h2>${
    report.findings.length === 0
      ? '<p id="no-findings">No common mistakes found in the ledger.</p>'
      : `<table id="audit-weeks"><thead><tr><th>week of</th>${ids.map((id) => `<th>${html(id)}</th>`).join('')}</tr></thead><tbody>${overTime}</tbody></table>`
  }</section>
<section><h2>Findings</h2><table id="audit-findings"><thead><tr><th>when</th><th>mistake</th><th>severity</th><th>rule</th><th>what</th><th>people</th><th>ledger rows</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  return layout({ ...options, title: 'Audit' }, body, { kind: 'audit', counts: report.counts });
}
