import type { TrainingSettings } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import {
  listTrainingExercises,
  listTrainingPhases,
  loadMetricsData,
  type MetricsData,
  planSourcePaths,
  type TrainingExerciseRecord,
  type TrainingPhaseRecord,
} from '../../ledger/index.js';
import { isHumanInterval, isPolicyReview } from '../../metrics/index.js';
import { commitAuthors } from '../commit-authors.js';
import { planLintScores } from '../plan-lint-scores.js';
import type { TeamMember, TeamRoster } from '../roster.js';
import { tourSteps } from './tour-check.js';
import { type PhaseNumber, phaseDuration, phaseTitles, trainingFinished } from './training-phases.js';

/** One exit criterion of a phase, measured. */
export interface CriterionStatus {
  id: string;
  description: string;
  /** The figure measured, in the unit of `target`; null when there is nothing to measure yet. */
  actual: number | null;
  target: number;
  met: boolean;
  evidence: string;
}

/** Where one person stands in the training. */
export interface PersonTrainingStatus {
  person: string;
  role: TeamMember['role'] | undefined;
  /** 1–4, or 5 once the last phase is finished. */
  phase: number;
  phaseTitle: string;
  trainingStartedAt: string;
  phaseStartedAt: string;
  daysInPhase: number;
  /** The article's duration for the phase, from the config. */
  duration: { minDays: number; maxDays: number } | null;
  /** Still in the phase after its longest duration. */
  overdue: boolean;
  criteria: CriterionStatus[];
  /** Every exit criterion of the phase is met: `baton train advance` records the next. */
  ready: boolean;
  exercises: { graded: number; passed: number };
  history: TrainingPhaseRecord[];
}

export interface TrainingStatus {
  generatedAt: string;
  people: PersonTrainingStatus[];
}

export interface TrainingStatusOptions {
  ledger: LedgerStore;
  roster: TeamRoster;
  settings: TrainingSettings;
  /** The project root: plans are linted again from the paths the ledger recorded. */
  root: string;
  /** The git repository whose commit authors say who prompted a component; none leaves commits out. */
  repository?: string | undefined;
  now: Date;
  /** Only this person (already checked to be on the team). */
  person?: string;
}

const dayMs = 86_400_000;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Components the person prompted: their prompting or debugging time on it, or an attempt's commit is theirs. */
async function promptedComponents(
  data: MetricsData,
  roster: TeamRoster,
  member: TeamMember,
  repository: string | undefined,
): Promise<Set<string>> {
  const prompted = new Set<string>();
  for (const interval of data.intervals) {
    if (!interval.componentId || !isHumanInterval(interval)) continue;
    if (interval.activity !== 'prompting' && interval.activity !== 'debugging') continue;
    if (roster.resolve(interval.person) === member) prompted.add(interval.componentId);
  }
  const commits = data.attempts.flatMap((attempt) => (attempt.commitSha ? [attempt.commitSha] : []));
  if (repository && commits.length > 0) {
    const authors = await commitAuthors(repository, commits);
    for (const attempt of data.attempts) {
      const author = attempt.commitSha ? authors.get(attempt.commitSha) : undefined;
      if (author && (roster.resolve(author.email) ?? roster.resolve(author.name)) === member)
        prompted.add(attempt.componentId);
    }
  }
  return prompted;
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}

async function promptingCriteria(
  options: TrainingStatusOptions,
  member: TeamMember,
  since: string,
): Promise<CriterionStatus[]> {
  const settings = options.settings.promptingPractice;
  const data = await loadMetricsData(options.ledger, { since });
  const prompted = await promptedComponents(data, options.roster, member, options.repository);
  const components = data.components.filter((component) => prompted.has(component.id));
  const sourcePaths = await planSourcePaths(options.ledger);
  const lintByPlan = new Map<string, Map<string, number> | undefined>();
  const scores: number[] = [];
  let unreadable = 0;
  for (const component of components) {
    const path = sourcePaths.get(component.planId);
    if (!path) {
      unreadable++;
      continue;
    }
    if (!lintByPlan.has(path)) lintByPlan.set(path, planLintScores(options.root, path));
    const score = lintByPlan.get(path)?.get(component.key);
    if (score === undefined) unreadable++;
    else scores.push(score);
  }
  const rejected = new Set(
    data.reviews.filter((review) => review.decision === 'reject').map((review) => review.componentId),
  );
  const firstPass = components.filter((component) =>
    data.attempts.some(
      (attempt) =>
        attempt.componentId === component.id &&
        attempt.number === 1 &&
        attempt.status === 'passed' &&
        !rejected.has(component.id),
    ),
  ).length;
  const lint = median(scores);
  const firstPassPercent = percent(firstPass, components.length);
  const enough = components.length >= settings.minComponents;
  return [
    {
      id: 'components',
      description: `components prompted since the phase began (at least ${settings.minComponents})`,
      actual: components.length,
      target: settings.minComponents,
      met: enough,
      evidence: `${components.length} component(s) prompted`,
    },
    {
      id: 'median-lint',
      description: `median prompt-lint score of their prompts (at least ${settings.medianLintScore})`,
      actual: lint,
      target: settings.medianLintScore,
      met: enough && lint !== null && lint >= settings.medianLintScore,
      evidence:
        scores.length > 0
          ? `lint scores ${scores.join(', ')}${unreadable > 0 ? `; ${unreadable} plan(s) moved or no longer valid, left out` : ''}`
          : 'no prompt could be linted',
    },
    {
      id: 'first-pass',
      description: `first-pass acceptance, in % (at least ${settings.firstPassPercent})`,
      actual: firstPassPercent,
      target: settings.firstPassPercent,
      met: enough && firstPassPercent !== null && firstPassPercent >= settings.firstPassPercent,
      evidence: `${firstPass} of ${components.length} passed every check on the first attempt, with no rejection`,
    },
  ];
}

function verificationCriteria(
  settings: TrainingSettings['verificationRigor'],
  exercises: readonly TrainingExerciseRecord[],
): CriterionStatus[] {
  const latest = exercises.filter((exercise) => exercise.phase === 3).slice(-settings.exercises);
  const meets = (exercise: TrainingExerciseRecord) =>
    (exercise.figures.recallPercent ?? 0) >= settings.recallPercent &&
    (exercise.figures.falseClaims ?? Number.POSITIVE_INFINITY) <= settings.maxFalseClaims;
  const meeting = latest.filter(meets).length;
  return [
    {
      id: 'verification-exercises',
      description: `the latest ${settings.exercises} verification exercises each with recall ≥ ${settings.recallPercent} % and ≤ ${settings.maxFalseClaims} false claim(s)`,
      actual: meeting,
      target: settings.exercises,
      met: latest.length >= settings.exercises && meeting === latest.length,
      evidence:
        latest.length === 0
          ? 'no verification exercise graded yet: `baton train exercise --phase 3`'
          : latest
              .map(
                (exercise) =>
                  `seed ${exercise.seed}: recall ${exercise.figures.recallPercent ?? 0} %, ${exercise.figures.falseClaims ?? 0} false claim(s)`,
              )
              .join('; '),
    },
  ];
}

async function integrationCriteria(
  options: TrainingStatusOptions,
  member: TeamMember,
  since: string,
): Promise<CriterionStatus[]> {
  const target = options.settings.workflowIntegration.components;
  const data = await loadMetricsData(options.ledger, { since });
  const prompted = await promptedComponents(data, options.roster, member, options.repository);
  const merged = new Set(data.merges.map((merge) => merge.componentId));
  const defective = new Set(
    data.defects.flatMap((defect) => (defect.componentId ? [defect.componentId] : [])),
  );
  const standing = new Map<string, MetricsData['reviews'][number]>();
  for (const review of [...data.reviews].sort((left, right) => left.createdAt.localeCompare(right.createdAt)))
    if (review.decision !== 'annotate') standing.set(review.componentId, review);
  let throughLoop = 0;
  let withDefects = 0;
  for (const componentId of prompted) {
    const review = standing.get(componentId);
    const reviewed = review !== undefined && review.decision !== 'reject' && !isPolicyReview(review);
    const ran = data.attempts.some((attempt) => attempt.componentId === componentId);
    if (!(ran && reviewed && merged.has(componentId))) continue;
    if (defective.has(componentId)) withDefects++;
    else throughLoop++;
  }
  return [
    {
      id: 'components-through-loop',
      description: `components taken through plan, run, a person's review and merge with no defect found later (at least ${target})`,
      actual: throughLoop,
      target,
      met: throughLoop >= target,
      evidence: `${throughLoop} of ${prompted.size} component(s) they prompted${withDefects > 0 ? `; ${withDefects} more merged with a defect found later` : ''}`,
    },
  ];
}

function tourCriteria(
  settings: TrainingSettings['toolFamiliarization'],
  exercises: readonly TrainingExerciseRecord[],
): CriterionStatus[] {
  const passed = exercises.filter((exercise) => exercise.phase === 1 && exercise.passed).length;
  const best = Math.max(
    0,
    ...exercises
      .filter((exercise) => exercise.phase === 1)
      .map((exercise) => exercise.figures.stepsDone ?? 0),
  );
  return [
    {
      id: 'guided-tour',
      description: `guided tours with every step found in the ledger (at least ${settings.tours})`,
      actual: passed,
      target: settings.tours,
      met: passed >= settings.tours,
      evidence: exercises.some((exercise) => exercise.phase === 1)
        ? `${passed} tour(s) complete; the best had ${best} of ${tourSteps.length} steps`
        : 'no tour graded yet: `baton train exercise --phase 1`',
    },
  ];
}

/** Each trainee's phase, days in it against the article's duration, and the phase's exit criteria measured. */
export async function buildTrainingStatus(options: TrainingStatusOptions): Promise<TrainingStatus> {
  const phases = await listTrainingPhases(options.ledger, options.person);
  const exercises = await listTrainingExercises(options.ledger, options.person);
  const people = [...new Set(phases.map((record) => record.person))].sort((left, right) =>
    left.localeCompare(right),
  );
  const statuses: PersonTrainingStatus[] = [];
  for (const person of people) {
    const history = phases.filter((record) => record.person === person);
    const first = history[0] as TrainingPhaseRecord;
    const current = history.at(-1) as TrainingPhaseRecord;
    const member = options.roster.resolve(person);
    const own = exercises.filter((exercise) => exercise.person === person);
    const phase = current.phase;
    const daysInPhase = Math.max(
      0,
      Math.floor((options.now.getTime() - Date.parse(current.startedAt)) / dayMs),
    );
    const inPhase = phase >= 1 && phase <= 4 ? (phase as PhaseNumber) : undefined;
    const duration = inPhase ? phaseDuration(options.settings, inPhase) : null;
    let criteria: CriterionStatus[] = [];
    if (inPhase === 1) criteria = tourCriteria(options.settings.toolFamiliarization, own);
    else if (inPhase === 3) criteria = verificationCriteria(options.settings.verificationRigor, own);
    else if (inPhase && member)
      criteria =
        inPhase === 2
          ? await promptingCriteria(options, member, current.startedAt)
          : await integrationCriteria(options, member, current.startedAt);
    const phaseExercises = own.filter((exercise) => exercise.phase === phase);
    statuses.push({
      person,
      role: member?.role,
      phase,
      phaseTitle: inPhase ? phaseTitles[inPhase] : phase >= trainingFinished ? 'finished' : 'unknown',
      trainingStartedAt: first.startedAt,
      phaseStartedAt: current.startedAt,
      daysInPhase,
      duration,
      overdue: duration !== null && daysInPhase > duration.maxDays,
      criteria,
      ready: inPhase !== undefined && criteria.length > 0 && criteria.every((criterion) => criterion.met),
      exercises: {
        graded: phaseExercises.length,
        passed: phaseExercises.filter((exercise) => exercise.passed).length,
      },
      history,
    });
  }
  return { generatedAt: options.now.toISOString(), people: statuses };
}
