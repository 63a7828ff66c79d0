import { confirmSeededErrors } from '../interview/seeded-error-confirmation.js';
import { buildTrainingExercise, type TrainingExercise } from './training-exercise.js';
import type { PhaseNumber } from './training-phases.js';
import { writeExercise } from './write-exercise.js';

export interface CreateExerciseOptions {
  phase: PhaseNumber;
  seed: number;
  person: string;
  out: string;
  allowUnsandboxed?: boolean;
  signal?: AbortSignal;
}

/**
 * Builds a phase's exercise and writes it. A verification exercise is written only once its
 * reference is shown clean and each seeded error confirmed, as an interview kit is.
 */
export async function createTrainingExercise(
  options: CreateExerciseOptions,
): Promise<{ exercise: TrainingExercise; folder: string }> {
  const exercise = buildTrainingExercise(options.phase, options.seed);
  if (exercise.verification) {
    const { domain, reference, errors, variant } = exercise.verification;
    await confirmSeededErrors(domain, reference, errors, variant, {
      ...(options.allowUnsandboxed ? { allowUnsandboxed: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
  return { exercise, folder: writeExercise(exercise, options.person, options.out) };
}
