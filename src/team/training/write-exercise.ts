import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { sha256 } from '../interview/write-kit.js';
import { exerciseAnswers, type TrainingExercise } from './training-exercise.js';
import type { PhaseNumber } from './training-phases.js';

/** What `exercise.json` holds: enough to regenerate the exercise from its seed and see what was edited. */
export interface ExerciseManifest {
  format: 'baton-training-exercise';
  version: 1;
  phase: PhaseNumber;
  seed: number;
  /** Who the exercise is for: the person its grade is recorded under. */
  person: string;
  /** SHA-256 of every file that is not an answer file. */
  files: Record<string, string>;
}

export const manifestFile = 'exercise.json';

export function exerciseManifest(exercise: TrainingExercise, person: string): ExerciseManifest {
  const answers = exerciseAnswers[exercise.phase];
  return {
    format: 'baton-training-exercise',
    version: 1,
    phase: exercise.phase,
    seed: exercise.seed,
    person,
    files: Object.fromEntries(
      Object.entries(exercise.files)
        .filter(([path]) => !answers.includes(path))
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([path, text]) => [path, sha256(text)]),
    ),
  };
}

/** Writes the exercise and its manifest into an empty or new folder. */
export function writeExercise(exercise: TrainingExercise, person: string, out: string): string {
  const folder = resolve(out);
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new BatonError({
      code: 'TRAINING_EXERCISE_INVALID',
      message: `${folder} is not empty: an exercise is written into an empty or new folder.`,
      hint: 'Name a new folder with --out, or empty this one.',
      details: { path: folder },
    });
  }
  for (const [path, text] of Object.entries(exercise.files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  writeFileSync(
    join(folder, manifestFile),
    `${JSON.stringify(exerciseManifest(exercise, person), null, 2)}\n`,
  );
  return folder;
}
