import { z } from 'zod';

/** The article's five reasons orchestration loses; every triage verdict names some of them. */
export const triageReasons = [
  'novel-algorithm',
  'domain-specific-logic',
  'legacy-integration',
  'performance-critical',
  'security-sensitive',
] as const;
export type TriageReason = (typeof triageReasons)[number];

export const triageVerdicts = ['orchestrate', 'orchestrate+verify', 'write-directly'] as const;
export type TriageVerdict = (typeof triageVerdicts)[number];

export const planSettingsSchema = z.strictObject({
  /**
   * A component that may touch more files than this is reported as too large to prompt well.
   * @default 8
   */
  maxFilesPerComponent: z.int().positive().optional(),
  /**
   * A component with more acceptance criteria than this is reported as too large to prompt well.
   * @default 8
   */
  maxCriteriaPerComponent: z.int().positive().optional(),
});

const triageRuleSchema = z.strictObject({
  /** Which of the five reasons this rule gives. */
  reason: z.enum(triageReasons),
  /** Globs (relative to the plan root) of touched paths that fire the rule. */
  paths: z.array(z.string().min(1)).optional(),
  /** Words or phrases (case-insensitive, whole words) in the component's text that fire the rule. */
  keywords: z.array(z.string().min(1)).optional(),
  /** The verdict when the rule fires. @default the reason's verdict in `triage.verdicts` */
  verdict: z.enum(triageVerdicts).optional(),
  /** Why this signal matters, shown next to the verdict. */
  note: z.string().min(1).optional(),
});
export type TriageRule = z.infer<typeof triageRuleSchema>;

export const triageSettingsSchema = z.strictObject({
  /**
   * Extra rules, checked after the built-in ones (see docs/plan-format.md "Triage").
   * @default []
   */
  rules: z.array(triageRuleSchema).optional(),
  /**
   * Drop the built-in path and keyword rules and use only `rules`.
   * @default false
   */
  replaceDefaultRules: z.boolean().optional(),
  /**
   * The verdict each reason leads to.
   * @default novel-algorithm and domain-specific-logic: write-directly; the others: orchestrate+verify
   */
  verdicts: z.partialRecord(z.enum(triageReasons), z.enum(triageVerdicts)).optional(),
  /**
   * Git history thresholds: a touched file is legacy when it is at least `minAgeDays` old (measured
   * back from the newest commit) and has at least `minCommits` commits or `minAuthors` authors.
   * @default { minAgeDays: 365, minCommits: 20, minAuthors: 4 }
   */
  legacy: z
    .strictObject({
      minAgeDays: z.number().nonnegative().optional(),
      minCommits: z.int().positive().optional(),
      minAuthors: z.int().positive().optional(),
    })
    .optional(),
});

export const promptSettingsSchema = z.strictObject({
  /**
   * The most tokens a rendered component prompt may use; repository context is cut to fit.
   * @default 8000
   */
  tokenBudget: z.int().min(256).optional(),
});

/** Plan, triage and prompt settings with every default filled in. */
export interface PlanSettings {
  maxFilesPerComponent: number;
  maxCriteriaPerComponent: number;
}
export interface TriageSettings {
  rules: TriageRule[];
  replaceDefaultRules: boolean;
  verdicts: Record<TriageReason, TriageVerdict>;
  legacy: { minAgeDays: number; minCommits: number; minAuthors: number };
}
export interface PromptSettings {
  tokenBudget: number;
}

/** Fills in the defaults of the `plan`, `triage` and `prompt` keys. */
export function resolvePlanningSettings(config: {
  plan?: z.infer<typeof planSettingsSchema> | undefined;
  triage?: z.infer<typeof triageSettingsSchema> | undefined;
  prompt?: z.infer<typeof promptSettingsSchema> | undefined;
}): {
  plan: PlanSettings;
  triage: TriageSettings;
  prompt: PromptSettings;
} {
  return {
    plan: {
      maxFilesPerComponent: config.plan?.maxFilesPerComponent ?? 8,
      maxCriteriaPerComponent: config.plan?.maxCriteriaPerComponent ?? 8,
    },
    triage: {
      rules: config.triage?.rules ?? [],
      replaceDefaultRules: config.triage?.replaceDefaultRules ?? false,
      verdicts: {
        'novel-algorithm': 'write-directly',
        'domain-specific-logic': 'write-directly',
        'legacy-integration': 'orchestrate+verify',
        'performance-critical': 'orchestrate+verify',
        'security-sensitive': 'orchestrate+verify',
        ...config.triage?.verdicts,
      },
      legacy: {
        minAgeDays: config.triage?.legacy?.minAgeDays ?? 365,
        minCommits: config.triage?.legacy?.minCommits ?? 20,
        minAuthors: config.triage?.legacy?.minAuthors ?? 4,
      },
    },
    prompt: { tokenBudget: config.prompt?.tokenBudget ?? 8000 },
  };
}
