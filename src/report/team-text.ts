import { formatTable } from '../core/index.js';
import type { TeamReport } from '../team/index.js';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
const hours = (value: number) =>
  value === 0 ? '0 h' : value < 1 ? `${Math.round(value * 60)} min` : `${value.toFixed(2)} h`;
const minutes = (value: number | null) => (value === null ? '–' : `${Number(value.toFixed(1))} min`);

/** `baton team` for a terminal: the team's shape against the article, then each person's figures. */
export function renderTeamText(report: TeamReport): string {
  const { composition } = report;
  const blocks = [`Baton team · generated ${report.generatedAt.replace('T', ' ').slice(0, 19)} UTC`];
  blocks.push(
    [
      'Composition',
      '-----------',
      `${composition.size} ${composition.size === 1 ? 'person' : 'people'}: ${composition.counts.senior} senior, ${composition.counts.mid} mid-level, ${composition.counts.junior} junior. ${composition.summary}`,
    ].join('\n'),
  );
  const rows = report.people.map((person) => {
    const allocation = person.timeAllocation;
    const closest = allocation.closestProfile
      ? `${allocation.closestProfile} (${Math.round((1 - allocation.distance[allocation.closestProfile]) * 100)}% alike)`
      : allocation.totalHours > 0
        ? 'too little time'
        : '–';
    return [
      person.name,
      person.role,
      person.trainingPhase ?? '–',
      String(person.componentsPrompted),
      person.componentsPrompted > 0 ? `${person.firstPassAccepted} (${percent(person.firstPassRate)})` : '–',
      person.attemptsPerComponent === null
        ? '–'
        : `${person.attempts} (${person.attemptsPerComponent.toFixed(2)}/c)`,
      String(person.componentsReviewed),
      minutes(person.reviewMinutesPerComponent),
      `${person.caughtInReview} / ${person.defectsFoundLater}`,
      hours(allocation.totalHours),
      closest,
    ];
  });
  blocks.push(
    [
      'People',
      '------',
      'Prompted: components whose attempts they committed or prompted. Caught / later: defects they caught in review (rejections, edits) against defects found later on components they accepted.',
      rows.length > 0
        ? formatTable(
            [
              'name',
              'role',
              'training phase',
              'prompted',
              'first pass',
              'attempts',
              'reviewed',
              'review / component',
              'caught / later',
              'time',
              'closest profile',
            ],
            rows,
          )
        : '(no one on the team: add people to `team` in baton.config.ts, or with `baton team add`)',
    ].join('\n'),
  );
  if (report.unknownIdentities.length > 0) {
    blocks.push(
      [
        'Not on the team',
        '---------------',
        'Names and commit authors in the ledger that match no one; add them, or list them under a person’s `git`:',
        ...report.unknownIdentities.map(
          (unknown) => `  ${unknown.identity} (${unknown.rows} ${unknown.rows === 1 ? 'row' : 'rows'})`,
        ),
      ].join('\n'),
    );
  }
  if (report.changes.length > 0) {
    blocks.push(
      [
        'Role history',
        '------------',
        ...report.changes.map((change) => {
          const at = change.changedAt.slice(0, 10);
          const what =
            change.change === 'added'
              ? `added as ${change.role}${change.trainingPhase ? `, ${change.trainingPhase}` : ''}`
              : change.change === 'removed'
                ? `removed (was ${change.previousRole})`
                : [
                    change.role !== change.previousRole
                      ? `${change.previousRole} → ${change.role}`
                      : undefined,
                    change.trainingPhase !== change.previousTrainingPhase
                      ? `phase ${change.previousTrainingPhase ?? 'none'} → ${change.trainingPhase ?? 'none'}`
                      : undefined,
                  ]
                    .filter(Boolean)
                    .join(', ');
          return `  ${at}  ${change.person}: ${what} (by ${change.changedBy})`;
        }),
      ].join('\n'),
    );
  }
  return `${blocks.join('\n\n')}\n`;
}
