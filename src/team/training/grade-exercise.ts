import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BatonError } from '../../core/errors.js';
import type { TrainingSettings } from '../../core/index.js';
import { loadConfig } from '../../core/index.js';
import { type PlanFileRecords, planFileRecords } from '../../ledger/index.js';
import { openLedger } from '../../ledger/open-ledger.js';
import { readAnswerFile } from '../interview/answer-file.js';
import { gradeDecomposition } from '../interview/grade-decomposition.js';
import { gradeJudgment } from '../interview/grade-judgment.js';
import { gradePrompting } from '../interview/grade-prompting.js';
import { type CriterionGrade, clampScore } from '../interview/grade-result.js';
import {
  matchVerificationClaims,
  verificationAnswerSchema,
  verificationAnswerShape,
} from '../interview/grade-verification.js';
import { sha256 } from '../interview/write-kit.js';
import { tourLayout } from './guided-tour.js';
import { checkTour, type TourStepResult } from './tour-check.js';
import { buildTrainingExercise, exerciseAnswers } from './training-exercise.js';
import { type PhaseNumber, phaseNumbers } from './training-phases.js';
import { manifestFile } from './write-exercise.js';

/** The score a practice exercise of phase 2 or 4 passes at. */
export const practicePassMark = 80;

const manifestSchema = z.object({
  format: z.literal('baton-training-exercise'),
  version: z.literal(1),
  phase: z.union(
    phaseNumbers.map((phase) => z.literal(phase)) as [
      z.ZodLiteral<1>,
      z.ZodLiteral<2>,
      z.ZodLiteral<3>,
      z.ZodLiteral<4>,
    ],
  ),
  seed: z.number().int(),
  person: z.string().min(1),
  files: z.record(z.string(), z.string()),
});

/** A graded exercise: the interview's criteria it reuses, the tour's steps, and the figures recorded. */
export interface TrainingGrade {
  phase: PhaseNumber;
  seed: number;
  person: string;
  score: number;
  passed: boolean;
  criteria: CriterionGrade[];
  tour?: TourStepResult[];
  /** What exit criteria read: recall and false claims, steps done, scores. */
  figures: Record<string, number>;
  /** Exercise files edited or missing, and answer files not handed in. */
  problems: string[];
}

const invalidHint = 'Give the folder `baton train exercise --out` wrote, with its exercise.json.';

function readManifest(folder: string): z.infer<typeof manifestSchema> {
  const path = join(folder, manifestFile);
  if (!existsSync(path)) {
    throw new BatonError({
      code: 'TRAINING_EXERCISE_INVALID',
      message: `${folder} has no ${manifestFile}: it is not a training exercise, or the file was deleted.`,
      hint: invalidHint,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BatonError({
      code: 'TRAINING_EXERCISE_INVALID',
      message: `${path} is not JSON: ${(error as Error).message}`,
      hint: invalidHint,
    });
  }
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    const [issue] = result.error.issues;
    throw new BatonError({
      code: 'TRAINING_EXERCISE_INVALID',
      message: `${path}: ${issue?.path.join('.') || 'the file'}: ${issue?.message}`,
      hint: `${invalidHint} Expected { format: "baton-training-exercise", version: 1, phase: 1–4, seed, person, files }.`,
    });
  }
  return result.data;
}

export interface GradeExerciseOptions {
  folder: string;
  settings: TrainingSettings;
  /** Whether a name in the tour's ledger is the trainee's (the manifest's `person`); by name alone by default. */
  isTrainee?: (identity: string, person: string) => boolean;
}

async function tourRecords(
  repository: string,
  planFile: string,
): Promise<{ found: boolean; records: PlanFileRecords }> {
  const empty: PlanFileRecords = {
    plans: [],
    runs: [],
    components: [],
    attempts: [],
    prompts: [],
    responses: [],
    reviews: [],
    intervals: [],
  };
  if (!existsSync(repository)) return { found: false, records: empty };
  const config = await loadConfig({ cwd: repository, env: {} });
  // A ledger that is not there means `baton init` never ran; opening it would create one.
  if (config.ledger.kind === 'sqlite' && !existsSync(config.ledger.path))
    return { found: false, records: empty };
  const ledger = await openLedger(config.ledger);
  try {
    return { found: true, records: await planFileRecords(ledger, planFile) };
  } finally {
    await ledger.close();
  }
}

/**
 * Grades a handed-in exercise with the interview's graders, regenerating it from its seed; an edited
 * or incomplete folder is graded with what is wrong named.
 */
export async function gradeTrainingExercise(options: GradeExerciseOptions): Promise<TrainingGrade> {
  const folder = resolve(options.folder);
  const manifest = readManifest(folder);
  const exercise = buildTrainingExercise(manifest.phase, manifest.seed);
  const answers = exerciseAnswers[manifest.phase];
  const problems: string[] = [];
  for (const [path, text] of Object.entries(exercise.files)) {
    if (answers.includes(path)) continue;
    const file = join(folder, path);
    if (!existsSync(file)) problems.push(`missing: ${path}`);
    else if (sha256(readFileSync(file, 'utf8')) !== sha256(text)) problems.push(`edited: ${path}`);
  }
  for (const path of answers) if (!existsSync(join(folder, path))) problems.push(`not handed in: ${path}`);
  const base = { phase: manifest.phase, seed: manifest.seed, person: manifest.person, problems };
  const isTrainee = (identity: string) =>
    options.isTrainee
      ? options.isTrainee(identity, manifest.person)
      : identity.trim().toLowerCase() === manifest.person.toLowerCase();

  if (manifest.phase === 1) {
    const repository = join(folder, tourLayout.repository);
    const { found, records } = await tourRecords(repository, tourLayout.plan);
    const tour = checkTour({
      repository,
      componentId: exercise.tour?.id ?? '',
      ledgerFound: found,
      records,
      isTrainee,
    });
    const done = tour.filter((step) => step.done).length;
    return {
      ...base,
      score: clampScore((100 * done) / tour.length),
      passed: done === tour.length,
      criteria: [],
      tour,
      figures: { stepsDone: done, steps: tour.length },
    };
  }
  if (manifest.phase === 2 && exercise.prompting) {
    const grade = await gradePrompting(join(folder, 'plan.yaml'), exercise.prompting);
    return {
      ...base,
      score: grade.score,
      passed: grade.score >= practicePassMark,
      criteria: [grade],
      figures: { prompting: grade.score },
    };
  }
  if (manifest.phase === 3 && exercise.verification) {
    const answer = readAnswerFile(
      join(folder, 'findings.yaml'),
      'findings.yaml',
      verificationAnswerSchema,
      verificationAnswerShape,
    );
    const match = matchVerificationClaims(answer?.findings ?? [], exercise.verification.errors);
    const recallPercent = match.seeded === 0 ? 100 : Math.round((100 * match.found) / match.seeded);
    const criteria = options.settings.verificationRigor;
    return {
      ...base,
      score: match.score,
      passed: recallPercent >= criteria.recallPercent && match.falseClaims <= criteria.maxFalseClaims,
      criteria: [
        {
          criterion: 'verification',
          score: answer ? match.score : 0,
          evidence: answer ? match.evidence : ['no findings were handed in', ...match.evidence],
        },
      ],
      figures: { found: match.found, seeded: match.seeded, falseClaims: match.falseClaims, recallPercent },
    };
  }
  const decomposition = await gradeDecomposition(
    join(folder, 'decomposition/plan.yaml'),
    exercise.brief?.hidden ?? [],
  );
  const judgment = gradeJudgment(
    join(folder, 'judgment/answers.yaml'),
    'judgment/answers.yaml',
    exercise.verdicts ?? [],
  );
  const score = clampScore((decomposition.score + judgment.score) / 2);
  return {
    ...base,
    score,
    passed: score >= practicePassMark,
    criteria: [decomposition, judgment],
    figures: { decomposition: decomposition.score, judgment: judgment.score },
  };
}
