import { BatonError } from '../../core/errors.js';
import type { TeamPerson, TrainingSettings } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import {
  listTeamPeople,
  listTrainingPhases,
  recordTrainingExercise,
  recordTrainingPhase,
  type TrainingExerciseRecord,
  type TrainingPhaseRecord,
  updateTeamPerson,
} from '../../ledger/index.js';
import type { TeamMember } from '../roster.js';
import { loadRoster } from '../team-report.js';
import type { TrainingGrade } from './grade-exercise.js';
import { type PhaseNumber, phaseName, phaseTitles, trainingFinished } from './training-phases.js';
import { buildTrainingStatus, type PersonTrainingStatus } from './training-status.js';

/** The team member a name, email or git identity names, or TEAM_PERSON_UNKNOWN naming the team. */
export async function requireTeamMember(
  ledger: LedgerStore,
  configPeople: readonly TeamPerson[],
  identity: string,
): Promise<TeamMember> {
  const roster = await loadRoster(ledger, configPeople);
  const member = roster.resolve(identity);
  if (member) return member;
  const names = roster.people.map((person) => person.name);
  throw new BatonError({
    code: 'TEAM_PERSON_UNKNOWN',
    message: `No one named "${identity}" is on the team${names.length > 0 ? ` (people: ${names.join(', ')})` : ' (the team is empty)'}.`,
    hint: `Add them to \`team.people\` in baton.config.ts, or \`baton team add "${identity}" --role <senior|mid|junior>\` on a shared ledger; then start their training.`,
  });
}

/** Keeps a ledger person's `trainingPhase` in step, so `baton team` shows the phase too. */
async function syncLedgerPhase(
  ledger: LedgerStore,
  member: TeamMember,
  phase: number,
  by: { person: string; at: string },
): Promise<void> {
  if (member.source !== 'ledger') return;
  if (!(await listTeamPeople(ledger)).some((person) => person.name === member.name)) return;
  const trainingPhase = phase >= 1 && phase <= 4 ? phaseName(phase as PhaseNumber) : null;
  await updateTeamPerson(ledger, member.name, { trainingPhase }, by);
}

export interface ProgressContext {
  ledger: LedgerStore;
  people: readonly TeamPerson[];
  /** Who records the change: the config's `person`. */
  by: string;
  now: Date;
}

/** Records a person's start in phase 1; a person already in training is refused. */
export async function startTraining(
  context: ProgressContext,
  identity: string,
): Promise<TrainingPhaseRecord> {
  const member = await requireTeamMember(context.ledger, context.people, identity);
  const history = await listTrainingPhases(context.ledger, member.name);
  const current = history.at(-1);
  if (current) {
    throw new BatonError({
      code: 'TRAINING_ALREADY_STARTED',
      message: `${member.name} started training on ${current.startedAt.slice(0, 10)} and is in phase ${current.phase}${current.phase <= 4 ? ` (${phaseTitles[current.phase as PhaseNumber]})` : ' (finished)'}.`,
      hint: `See \`baton train status --person "${member.name}"\`; \`baton train advance "${member.name}"\` moves them on.`,
    });
  }
  const at = context.now.toISOString();
  const record = await recordTrainingPhase(context.ledger, {
    person: member.name,
    phase: 1,
    change: 'started',
    reason: null,
    recordedBy: context.by,
    startedAt: at,
  });
  await syncLedgerPhase(context.ledger, member, 1, { person: context.by, at });
  return record;
}

export interface AdvanceOptions {
  settings: TrainingSettings;
  root: string;
  repository?: string | undefined;
  /** Advance although exit criteria are unmet, with the reason kept in the ledger. */
  override?: string | undefined;
}

/** Records the next phase when the current one's exit criteria are met (or overridden, with a reason). */
export async function advanceTraining(
  context: ProgressContext,
  identity: string,
  options: AdvanceOptions,
): Promise<{ record: TrainingPhaseRecord; status: PersonTrainingStatus }> {
  const member = await requireTeamMember(context.ledger, context.people, identity);
  const roster = await loadRoster(context.ledger, context.people);
  const status = (
    await buildTrainingStatus({
      ledger: context.ledger,
      roster,
      settings: options.settings,
      root: options.root,
      repository: options.repository,
      now: context.now,
      person: member.name,
    })
  ).people[0];
  if (!status) {
    throw new BatonError({
      code: 'TRAINING_NOT_STARTED',
      message: `${member.name} has not started training.`,
      hint: `Record their start with \`baton train start "${member.name}"\`.`,
    });
  }
  if (status.phase >= trainingFinished) {
    throw new BatonError({
      code: 'TRAINING_ALREADY_STARTED',
      message: `${member.name} finished all four phases on ${status.phaseStartedAt.slice(0, 10)}.`,
      hint: 'There is no phase after workflow integration.',
    });
  }
  const unmet = status.criteria.filter((criterion) => !criterion.met);
  if (!status.ready && !options.override) {
    throw new BatonError({
      code: 'TRAINING_CRITERIA_UNMET',
      message: `${member.name} has not met phase ${status.phase}'s exit criteria: ${unmet
        .map((criterion) => `${criterion.description}: ${criterion.actual ?? 'none'} (${criterion.evidence})`)
        .join('; ')}.`,
      hint: `See \`baton train status --person "${member.name}"\`; \`--override "<reason>"\` advances anyway and records the reason.`,
    });
  }
  const at = context.now.toISOString();
  const next = status.phase + 1;
  const record = await recordTrainingPhase(context.ledger, {
    person: member.name,
    phase: next,
    change: status.ready ? 'advanced' : 'overridden',
    reason: status.ready
      ? null
      : `${options.override} (unmet: ${unmet.map((criterion) => criterion.id).join(', ')})`,
    recordedBy: context.by,
    startedAt: at,
  });
  await syncLedgerPhase(context.ledger, member, next, { person: context.by, at });
  return { record, status };
}

/** Records a graded exercise under the person it is for; the person must be on the team and in training. */
export async function recordExerciseGrade(
  context: ProgressContext,
  grade: TrainingGrade,
): Promise<TrainingExerciseRecord> {
  const member = await requireTeamMember(context.ledger, context.people, grade.person);
  if ((await listTrainingPhases(context.ledger, member.name)).length === 0) {
    throw new BatonError({
      code: 'TRAINING_NOT_STARTED',
      message: `${member.name} has not started training, so the grade has no one to count for.`,
      hint: `Record their start with \`baton train start "${member.name}"\`, then grade again.`,
    });
  }
  return recordTrainingExercise(context.ledger, {
    person: member.name,
    phase: grade.phase,
    seed: grade.seed,
    score: grade.score,
    passed: grade.passed,
    figures: grade.figures,
    problems: grade.problems,
    gradedAt: context.now.toISOString(),
  });
}
