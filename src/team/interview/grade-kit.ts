import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BatonError } from '../../core/errors.js';
import type { TriageReason, TriageVerdict } from '../../core/index.js';
import { gradeDecomposition } from './grade-decomposition.js';
import { gradeJudgment } from './grade-judgment.js';
import { gradePrompting } from './grade-prompting.js';
import { type CriterionGrade, clampScore, type InterviewGrade } from './grade-result.js';
import { gradeVerification } from './grade-verification.js';
import type { HiddenRequirementId } from './hidden-requirements.js';
import { answerFiles, buildInterviewKit, interviewLevels, kitLayout } from './interview-kit.js';
import { seededErrorKinds } from './mutation-operators.js';
import { sha256 } from './write-kit.js';

const manifestSchema = z.object({
  format: z.literal('baton-interview-kit'),
  version: z.literal(1),
  seed: z.number().int(),
  level: z.enum(interviewLevels),
  pastBrief: z
    .object({
      id: z.string(),
      title: z.string(),
      brief: z.string(),
      hidden: z.array(z.string()),
      source: z.literal('past-plan'),
    })
    .optional(),
  files: z.record(z.string(), z.string()),
});

const keySchema = z.object({
  format: z.literal('baton-interview-key'),
  version: z.literal(1),
  seed: z.number().int(),
  level: z.enum(interviewLevels),
  decomposition: z.object({
    hiddenRequirements: z.array(z.object({ id: z.string(), statement: z.string() })),
  }),
  verification: z.object({
    seededErrors: z.array(
      z.object({
        kind: z.enum(seededErrorKinds),
        file: z.string(),
        line: z.number().int(),
        what: z.string(),
      }),
    ),
  }),
  judgment: z.array(
    z.object({
      cardId: z.string(),
      verdict: z.string(),
      reasons: z.array(z.string()),
      signals: z.array(z.string()),
    }),
  ),
});

function readJson<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  what: string,
  hint: string,
): z.infer<Schema> {
  if (!existsSync(path)) {
    throw new BatonError({
      code: 'INTERVIEW_KIT_INVALID',
      message: `${path} is missing: it is not ${what}.`,
      hint,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BatonError({
      code: 'INTERVIEW_KIT_INVALID',
      message: `${path} is not JSON: ${(error as Error).message}`,
      hint,
    });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const [issue] = result.error.issues;
    throw new BatonError({
      code: 'INTERVIEW_KIT_INVALID',
      message: `${path} is not ${what}: ${issue?.path.join('.') || 'the file'}: ${issue?.message}`,
      hint,
    });
  }
  return result.data;
}

const bands: [number, string][] = [
  [80, 'strong'],
  [60, 'adequate'],
  [0, 'a gap'],
];

function summarise(criteria: readonly CriterionGrade[], overall: number): string {
  const sorted = [...criteria].sort((left, right) => right.score - left.score);
  const describe = (grade: CriterionGrade) =>
    `${grade.criterion} ${grade.score} (${bands.find(([floor]) => grade.score >= floor)?.[1]})`;
  const gaps = criteria.filter((grade) => grade.score < 60).map((grade) => grade.criterion);
  const strongest = sorted[0];
  const weakest = sorted.at(-1);
  return [
    `Overall ${overall}/100. Strongest: ${strongest ? describe(strongest) : '-'}; weakest: ${weakest ? describe(weakest) : '-'}.`,
    gaps.length > 0
      ? `Probe in the next conversation: ${gaps.join(', ')}.`
      : 'No criterion below 60: no gap to probe from these exercises.',
  ].join(' ');
}

export interface GradeKitOptions {
  kit: string;
  key: string;
}

/** Grades a handed-back kit against its key; an edited or incomplete kit is graded with what is wrong named. */
export async function gradeInterviewKit(options: GradeKitOptions): Promise<InterviewGrade> {
  const kitFolder = resolve(options.kit);
  const keyFolder = resolve(options.key);
  const manifest = readJson(
    join(kitFolder, 'kit.json'),
    manifestSchema,
    'an interview kit',
    'Give the folder `baton interview create --out` wrote, as the candidate handed it back.',
  );
  const key = readJson(
    join(keyFolder, 'key.json'),
    keySchema,
    "an interview kit's key",
    'Give the folder `baton interview create --key-out` wrote for this kit.',
  );
  if (key.seed !== manifest.seed || key.level !== manifest.level) {
    throw new BatonError({
      code: 'INTERVIEW_KEY_MISMATCH',
      message: `The key is for seed ${key.seed} (${key.level}), the kit for seed ${manifest.seed} (${manifest.level}).`,
      hint: 'Give the key folder written together with this kit.',
    });
  }
  const pastBrief = manifest.pastBrief
    ? { ...manifest.pastBrief, hidden: manifest.pastBrief.hidden as HiddenRequirementId[] }
    : undefined;
  const kit = buildInterviewKit({
    seed: manifest.seed,
    level: manifest.level,
    ...(pastBrief ? { brief: pastBrief } : {}),
  });

  const kitProblems: string[] = [];
  for (const [path, text] of Object.entries(kit.files)) {
    if (answerFiles.includes(path)) continue;
    const file = join(kitFolder, path);
    if (!existsSync(file)) kitProblems.push(`missing: ${path}`);
    else if (sha256(readFileSync(file, 'utf8')) !== sha256(text)) kitProblems.push(`edited: ${path}`);
  }
  for (const path of answerFiles)
    if (!existsSync(join(kitFolder, path))) kitProblems.push(`not handed in: ${path}`);

  const criteria: CriterionGrade[] = [
    await gradeDecomposition(
      join(kitFolder, kitLayout.decomposition.answer),
      key.decomposition.hiddenRequirements.map((requirement) => requirement.id as HiddenRequirementId),
    ),
    await gradePrompting(join(kitFolder, kitLayout.prompting.answer), kit.prompting),
    gradeVerification(
      join(kitFolder, kitLayout.verification.answer),
      kitLayout.verification.answer,
      key.verification.seededErrors,
    ),
    gradeJudgment(
      join(kitFolder, kitLayout.judgment.answer),
      kitLayout.judgment.answer,
      key.judgment.map((verdict) => ({
        ...verdict,
        verdict: verdict.verdict as TriageVerdict,
        reasons: verdict.reasons as TriageReason[],
      })),
    ),
  ];
  const overall = clampScore(criteria.reduce((sum, grade) => sum + grade.score, 0) / criteria.length);
  return {
    seed: manifest.seed,
    level: manifest.level,
    criteria,
    overall,
    summary: summarise(criteria, overall),
    kitProblems,
  };
}
