import { z } from 'zod';

const percent = z.number().min(0).max(100);
const days = z.number().int().positive().max(3650);

const durationSchema = z
  .strictObject({
    /** Fewest days the article gives the phase. */
    minDays: days,
    /** Most days the article gives the phase; a person still in it after this is flagged. */
    maxDays: days,
  })
  .refine((duration) => duration.minDays <= duration.maxDays, {
    message: 'minDays must not be more than maxDays',
    path: ['maxDays'],
  });

export const trainingSettingsSchema = z.strictObject({
  /** Phase 1, tool familiarisation: the guided tour. */
  toolFamiliarization: z
    .strictObject({
      /**
       * Guided tours graded with every step found in the ledger.
       * @default 1
       */
      tours: z.number().int().min(1).max(20).optional(),
      /** @default { minDays: 7, maxDays: 14 } */
      duration: durationSchema.optional(),
    })
    .optional(),
  /** Phase 2, prompting practice: measured on the person's real components in the ledger. */
  promptingPractice: z
    .strictObject({
      /**
       * Median prompt-lint score of their components' prompts.
       * @default 80
       */
      medianLintScore: percent.optional(),
      /**
       * Share of their components whose first attempt passed every check and no reviewer rejected, in %.
       * @default 50
       */
      firstPassPercent: percent.optional(),
      /**
       * Fewest components both figures are taken over.
       * @default 5
       */
      minComponents: z.number().int().min(1).max(1000).optional(),
      /** @default { minDays: 14, maxDays: 28 } */
      duration: durationSchema.optional(),
    })
    .optional(),
  /** Phase 3, verification rigour: measured on graded verification exercises. */
  verificationRigor: z
    .strictObject({
      /**
       * Seeded errors found, in %, on each of the latest exercises.
       * @default 80
       */
      recallPercent: percent.optional(),
      /**
       * Claims that match no seeded error allowed on each exercise.
       * @default 1
       */
      maxFalseClaims: z.number().int().min(0).max(100).optional(),
      /**
       * How many of the latest graded exercises must each meet both.
       * @default 2
       */
      exercises: z.number().int().min(1).max(20).optional(),
      /** @default { minDays: 14, maxDays: 28 } */
      duration: durationSchema.optional(),
    })
    .optional(),
  /** Phase 4, workflow integration: measured on the person's real components in the ledger. */
  workflowIntegration: z
    .strictObject({
      /**
       * Components of theirs taken through plan, run, a person's review and merge, with no defect logged later.
       * @default 3
       */
      components: z.number().int().min(1).max(1000).optional(),
      /** @default { minDays: 30, maxDays: 61 } */
      duration: durationSchema.optional(),
    })
    .optional(),
});

export type TrainingSettingsInput = z.infer<typeof trainingSettingsSchema>;

export interface PhaseDuration {
  minDays: number;
  maxDays: number;
}

/** `training` settings with defaults filled in: the article's phases and exit criteria. */
export interface TrainingSettings {
  toolFamiliarization: { tours: number; duration: PhaseDuration };
  promptingPractice: {
    medianLintScore: number;
    firstPassPercent: number;
    minComponents: number;
    duration: PhaseDuration;
  };
  verificationRigor: {
    recallPercent: number;
    maxFalseClaims: number;
    exercises: number;
    duration: PhaseDuration;
  };
  workflowIntegration: { components: number; duration: PhaseDuration };
}

/** The article's durations: 1–2 weeks, 2–4 weeks, 2–4 weeks, 1–2 months. */
export const defaultTrainingSettings: TrainingSettings = {
  toolFamiliarization: { tours: 1, duration: { minDays: 7, maxDays: 14 } },
  promptingPractice: {
    medianLintScore: 80,
    firstPassPercent: 50,
    minComponents: 5,
    duration: { minDays: 14, maxDays: 28 },
  },
  verificationRigor: {
    recallPercent: 80,
    maxFalseClaims: 1,
    exercises: 2,
    duration: { minDays: 14, maxDays: 28 },
  },
  workflowIntegration: { components: 3, duration: { minDays: 30, maxDays: 61 } },
};

export function resolveTrainingSettings(config: {
  training?: TrainingSettingsInput | undefined;
}): TrainingSettings {
  const input = config.training ?? {};
  const defaults = defaultTrainingSettings;
  return {
    toolFamiliarization: { ...defaults.toolFamiliarization, ...withoutUndefined(input.toolFamiliarization) },
    promptingPractice: { ...defaults.promptingPractice, ...withoutUndefined(input.promptingPractice) },
    verificationRigor: { ...defaults.verificationRigor, ...withoutUndefined(input.verificationRigor) },
    workflowIntegration: { ...defaults.workflowIntegration, ...withoutUndefined(input.workflowIntegration) },
  };
}

function withoutUndefined<Value extends object>(value: Value | undefined): Partial<Value> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, item]) => item !== undefined),
  ) as Partial<Value>;
}
