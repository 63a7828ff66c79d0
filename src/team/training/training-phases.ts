import { BatonError } from '../../core/errors.js';
import type { PhaseDuration, TrainingSettings } from '../../core/index.js';
import { type TrainingPhase, trainingPhases } from '../../core/index.js';

/** The article's four phases by number; 5 stands for a person who finished the last one. */
export const phaseNumbers = [1, 2, 3, 4] as const;
export type PhaseNumber = (typeof phaseNumbers)[number];
export const trainingFinished = 5;

export const phaseTitles: Readonly<Record<PhaseNumber, string>> = {
  1: 'tool familiarisation',
  2: 'prompting practice',
  3: 'verification rigour',
  4: 'workflow integration',
};

export function phaseName(phase: PhaseNumber): TrainingPhase {
  return trainingPhases[phase - 1] as TrainingPhase;
}

export function phaseDuration(settings: TrainingSettings, phase: PhaseNumber): PhaseDuration {
  const byPhase = {
    1: settings.toolFamiliarization.duration,
    2: settings.promptingPractice.duration,
    3: settings.verificationRigor.duration,
    4: settings.workflowIntegration.duration,
  } as const;
  return byPhase[phase];
}

/** A phase given on the command line or in a file, as a number 1–4 or the config's phase name. */
export function parsePhase(value: string | number, where = '--phase'): PhaseNumber {
  const text = String(value).trim();
  const byName = (trainingPhases as readonly string[]).indexOf(text);
  const phase = byName >= 0 ? byName + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if ((phaseNumbers as readonly number[]).includes(phase)) return phase as PhaseNumber;
  throw new BatonError({
    code: 'TRAINING_PHASE_INVALID',
    message: `${where}: "${text}" is not a training phase.`,
    hint: `Give 1–4 (or ${trainingPhases.join(', ')}): 1 ${phaseTitles[1]}, 2 ${phaseTitles[2]}, 3 ${phaseTitles[3]}, 4 ${phaseTitles[4]}.`,
  });
}
