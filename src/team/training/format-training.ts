import type { TrainingGrade } from './grade-exercise.js';
import type { PersonTrainingStatus, TrainingStatus } from './training-status.js';

function personText(status: PersonTrainingStatus): string[] {
  const lines: string[] = [];
  const duration = status.duration ? ` of ${status.duration.minDays}–${status.duration.maxDays}` : '';
  const flag = status.overdue ? " — OVERDUE: past the article's duration" : '';
  lines.push(
    `${status.person}${status.role ? ` (${status.role})` : ''}: phase ${Math.min(status.phase, 4)}${status.phase > 4 ? ' done, training finished' : ` ${status.phaseTitle}`}, day ${status.daysInPhase}${duration}${flag}`,
  );
  for (const criterion of status.criteria) {
    lines.push(
      `  ${criterion.met ? 'met  ' : 'unmet'} ${criterion.description}: ${criterion.actual ?? '–'} (${criterion.evidence})`,
    );
  }
  if (status.exercises.graded > 0)
    lines.push(`  exercises this phase: ${status.exercises.passed} of ${status.exercises.graded} passed`);
  if (status.ready) lines.push(`  ready to advance: baton train advance "${status.person}"`);
  return lines;
}

export function formatTrainingStatus(status: TrainingStatus): string {
  if (status.people.length === 0)
    return 'No one is in training. Start someone with `baton train start "<person>"`.\n';
  return `${status.people.flatMap((person) => [...personText(person), '']).join('\n')}`;
}

export function formatTrainingGrade(grade: TrainingGrade): string {
  const lines = [
    `Phase ${grade.phase} exercise (seed ${grade.seed}) for ${grade.person}: ${grade.score}/100, ${grade.passed ? 'passed' : 'not passed'}`,
  ];
  for (const step of grade.tour ?? [])
    lines.push(`  ${step.done ? 'done    ' : 'not done'} ${step.step}: ${step.evidence}`);
  for (const criterion of grade.criteria) {
    lines.push(`  ${criterion.criterion} ${criterion.score}/100`);
    for (const evidence of criterion.evidence) lines.push(`    ${evidence}`);
  }
  if (grade.problems.length > 0) {
    lines.push('  The exercise folder is not as it was written:');
    for (const problem of grade.problems) lines.push(`    ${problem}`);
  }
  return `${lines.join('\n')}\n`;
}
