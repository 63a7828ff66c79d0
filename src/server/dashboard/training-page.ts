import { escapeHtml as html } from '../../report/index.js';
import type { PersonTrainingStatus, TrainingStatus } from '../../team/index.js';
import { layout, type PageOptions } from './pages.js';

function phaseCells(person: PersonTrainingStatus): string {
  const finished = person.phase > 4;
  const done = Math.min(person.phase - 1, 4);
  // One step per phase, filled for the phases behind them, so progress reads at a glance.
  const steps = [1, 2, 3, 4]
    .map(
      (phase) =>
        `<span class="phase-step ${phase <= done ? 'done' : phase === person.phase ? 'current' : 'ahead'}" title="phase ${phase}"></span>`,
    )
    .join('');
  return `<td class="phase">${finished ? 'finished' : `${person.phase} · ${html(person.phaseTitle)}`}</td><td><span class="phase-steps" role="meter" aria-valuemin="0" aria-valuemax="4" aria-valuenow="${done}">${steps}</span></td>`;
}

function criteriaCell(person: PersonTrainingStatus): string {
  if (person.criteria.length === 0) return '<td>–</td>';
  const met = person.criteria.filter((criterion) => criterion.met).length;
  const items = person.criteria
    .map(
      (criterion) =>
        `<li class="${criterion.met ? 'met' : 'unmet'}" data-criterion="${html(criterion.id)}">${criterion.met ? '✓' : '✗'} ${html(criterion.description)}: <strong>${criterion.actual ?? '–'}</strong> <small>${html(criterion.evidence)}</small></li>`,
    )
    .join('');
  return `<td><span class="criteria-count">${met} of ${person.criteria.length} met</span><ul class="criteria">${items}</ul></td>`;
}

/** The training page: every trainee's phase, days against the article's duration, and exit criteria. */
export function trainingPage(options: PageOptions, status: TrainingStatus): string {
  const rows = status.people.map((person) => {
    const duration = person.duration ? `${person.duration.minDays}–${person.duration.maxDays}` : '–';
    const flags = [
      person.overdue ? '<span class="flag overdue">past the article’s duration</span>' : '',
      person.ready ? '<span class="flag ready">ready to advance</span>' : '',
    ].join(' ');
    return `<tr data-person="${html(person.person)}" data-phase="${person.phase}"${person.overdue ? ' class="overdue"' : ''}><td>${html(person.person)}</td><td>${html(person.role ?? '–')}</td>${phaseCells(person)}<td class="days">${person.daysInPhase} of ${duration}</td><td>${person.exercises.passed} / ${person.exercises.graded}</td>${criteriaCell(person)}<td class="flags">${flags.trim() || '–'}</td></tr>`;
  });
  const body = `<section><h2>Progress</h2>${
    rows.length > 0
      ? `<p id="training-summary">${status.people.length} in training · ${status.people.filter((person) => person.ready).length} ready to advance · ${status.people.filter((person) => person.overdue).length} past the article's duration</p>
<table id="training"><thead><tr><th>name</th><th>role</th><th>phase</th><th>progress</th><th>days in phase</th><th>exercises passed</th><th>exit criteria</th><th></th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`
      : '<p id="training-empty">No one is in training: <code>baton train start &lt;person&gt;</code> records a start.</p>'
  }</section>
<style>
.phase-steps{display:inline-flex;gap:3px}.phase-step{width:22px;height:10px;border-radius:2px;background:#ddd}
.phase-step.done{background:#2e7d32}.phase-step.current{background:#f9a825}
ul.criteria{margin:.25rem 0 0;padding-left:1rem}li.met{color:#2e7d32}li.unmet{color:#b71c1c}
.flag{padding:1px 6px;border-radius:3px;font-size:.85em}.flag.overdue{background:#ffcdd2}.flag.ready{background:#c8e6c9}
</style>`;
  return layout({ ...options, title: 'Training' }, body, { kind: 'training', status });
}
