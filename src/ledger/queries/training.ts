import { createId } from '../../core/index.js';
import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

/** The `training_phases` table (migration 0011): each phase a person entered, never edited. */
interface TrainingPhasesTable {
  id: string;
  person: string;
  /** 1–4 for the article's phases; 5 once the last phase is finished. */
  phase: number;
  change: TrainingPhaseChange;
  reason: string | null;
  recordedBy: string;
  startedAt: string;
}

/** The `training_exercises` table (migration 0011): one graded practice exercise. */
interface TrainingExercisesTable {
  id: string;
  person: string;
  phase: number;
  seed: number;
  score: number;
  passed: number;
  /** JSON: the figures exit criteria read (recall, false claims, tour steps done…). */
  figures: string;
  /** JSON: exercise files edited, missing or not handed in. */
  problems: string;
  gradedAt: string;
}

export type TrainingPhaseChange = 'started' | 'advanced' | 'overridden';

export interface TrainingPhaseRecord {
  id: string;
  person: string;
  phase: number;
  change: TrainingPhaseChange;
  reason: string | null;
  recordedBy: string;
  startedAt: string;
}

export interface TrainingExerciseRecord {
  id: string;
  person: string;
  phase: number;
  seed: number;
  score: number;
  passed: boolean;
  figures: Record<string, number>;
  problems: string[];
  gradedAt: string;
}

type TrainingTables = { trainingPhases: TrainingPhasesTable; trainingExercises: TrainingExercisesTable };

function tables(ledger: LedgerStore) {
  return ledger.db.withTables<TrainingTables>();
}

function parseJson<Value>(value: unknown, fallback: Value): Value {
  if (typeof value !== 'string') return (value as Value) ?? fallback;
  try {
    return JSON.parse(value) as Value;
  } catch {
    return fallback;
  }
}

export async function recordTrainingPhase(
  ledger: LedgerStore,
  record: Omit<TrainingPhaseRecord, 'id'>,
): Promise<TrainingPhaseRecord> {
  const row: TrainingPhaseRecord = { id: createId('trn'), ...record };
  await tables(ledger).insertInto('trainingPhases').values(row).execute();
  return row;
}

/** Every phase entered, oldest first; one person's when `person` is given. */
export async function listTrainingPhases(
  ledger: LedgerStore,
  person?: string,
): Promise<TrainingPhaseRecord[]> {
  const rows = await tables(ledger)
    .selectFrom('trainingPhases')
    .selectAll()
    .$if(person !== undefined, (query) => query.where('person', '=', person ?? ''))
    .orderBy('startedAt')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row, phase: Number(row.phase), startedAt: String(row.startedAt) }));
}

export async function recordTrainingExercise(
  ledger: LedgerStore,
  record: Omit<TrainingExerciseRecord, 'id'>,
): Promise<TrainingExerciseRecord> {
  const row: TrainingExerciseRecord = { id: createId('trx'), ...record };
  await tables(ledger)
    .insertInto('trainingExercises')
    .values({
      ...row,
      passed: row.passed ? 1 : 0,
      figures: JSON.stringify(row.figures),
      problems: JSON.stringify(row.problems),
    })
    .execute();
  return row;
}

/** Every graded exercise, oldest first; one person's when `person` is given. */
export async function listTrainingExercises(
  ledger: LedgerStore,
  person?: string,
): Promise<TrainingExerciseRecord[]> {
  const rows = await tables(ledger)
    .selectFrom('trainingExercises')
    .selectAll()
    .$if(person !== undefined, (query) => query.where('person', '=', person ?? ''))
    .orderBy('gradedAt')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    ...row,
    phase: Number(row.phase),
    seed: Number(row.seed),
    score: Number(row.score),
    passed: Number(row.passed) === 1,
    figures: parseJson<Record<string, number>>(row.figures, {}),
    problems: parseJson<string[]>(row.problems, []),
    gradedAt: String(row.gradedAt),
  }));
}

/** The file each recorded plan was read from, by plan id: lint scores are read again from it. */
export async function planSourcePaths(ledger: LedgerStore): Promise<Map<string, string | null>> {
  const rows = await ledger.db.selectFrom('plans').select(['id', 'sourcePath']).execute();
  return new Map(rows.map((row) => [row.id, row.sourcePath]));
}

/** What a run of one plan file left in the ledger: what the guided tour is checked against. */
export interface PlanFileRecords {
  plans: LedgerRow<'plans'>[];
  runs: LedgerRow<'runs'>[];
  components: LedgerRow<'components'>[];
  attempts: LedgerRow<'attempts'>[];
  prompts: Pick<LedgerRow<'prompts'>, 'id' | 'componentId' | 'text'>[];
  responses: Pick<LedgerRow<'responses'>, 'id' | 'attemptId' | 'provider'>[];
  reviews: LedgerRow<'reviews'>[];
  intervals: LedgerRow<'activityIntervals'>[];
}

/** Every record of the runs of plans read from a file whose path ends with `planFile`. */
export async function planFileRecords(ledger: LedgerStore, planFile: string): Promise<PlanFileRecords> {
  const { db } = ledger;
  const plans = (await db.selectFrom('plans').selectAll().orderBy('createdAt').execute()).filter(
    (plan) =>
      plan.sourcePath !== null &&
      (plan.sourcePath === planFile || plan.sourcePath.replace(/\\/g, '/').endsWith(`/${planFile}`)),
  );
  const planIds = plans.map((plan) => plan.id);
  if (planIds.length === 0) {
    return {
      plans,
      runs: [],
      components: [],
      attempts: [],
      prompts: [],
      responses: [],
      reviews: [],
      intervals: [],
    };
  }
  const runs = await db
    .selectFrom('runs')
    .selectAll()
    .where('planId', 'in', planIds)
    .orderBy('startedAt')
    .execute();
  const components = await db.selectFrom('components').selectAll().where('planId', 'in', planIds).execute();
  const componentIds = components.map((component) => component.id);
  if (componentIds.length === 0) {
    return { plans, runs, components, attempts: [], prompts: [], responses: [], reviews: [], intervals: [] };
  }
  const attempts = await db
    .selectFrom('attempts')
    .selectAll()
    .where('componentId', 'in', componentIds)
    .execute();
  const attemptIds = attempts.map((attempt) => attempt.id);
  const prompts = await db
    .selectFrom('prompts')
    .select(['id', 'componentId', 'text'])
    .where('componentId', 'in', componentIds)
    .execute();
  const responses =
    attemptIds.length === 0
      ? []
      : await db
          .selectFrom('responses')
          .select(['id', 'attemptId', 'provider'])
          .where('attemptId', 'in', attemptIds)
          .execute();
  const reviews = await db
    .selectFrom('reviews')
    .selectAll()
    .where('componentId', 'in', componentIds)
    .orderBy('createdAt')
    .execute();
  const intervals = await db
    .selectFrom('activityIntervals')
    .selectAll()
    .where('componentId', 'in', componentIds)
    .execute();
  return { plans, runs, components, attempts, prompts, responses, reviews, intervals };
}
