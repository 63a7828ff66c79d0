import { z } from 'zod';
import { readAnswerFile } from './answer-file.js';
import { type CriterionGrade, clampScore } from './grade-result.js';
import type { SeededError, SeededErrorKind } from './mutation-operators.js';

export const verificationAnswerSchema = z.object({
  findings: z
    .array(
      z.object({
        file: z.string().min(1),
        line: z.number().int().positive(),
        what: z.string().min(1),
        kind: z.string().optional(),
      }),
    )
    .default([]),
});

export const verificationAnswerShape =
  'findings: a list of { file: <path under repository/>, line: <number>, what: <what is wrong> }';

/** Words that say what kind of error a claim names, so "line 31: wrong" alone earns nothing. */
const kindWords: Readonly<Record<SeededErrorKind, RegExp>> = {
  'hallucinated-api':
    /not exist|doesn'?t exist|no such|hallucinat|undefined (?:method|function|member)|is not a function|unknown (?:method|member|export)|made[- ]up|missing (?:method|export)/i,
  'missing-unique': /\bunique\b|duplicate|one row|constraint|on conflict|upsert/i,
  'sql-from-input': /sql injection|inject|interpolat|concatenat|paramet|splic|template|built from/i,
  'unhandled-null':
    /\bnull\b|undefined|not found|\b404\b|missing (?:row|record)|typeerror|no (?:row|record)/i,
  'pagination-off-by-one': /off[- ]by[- ]one|offset|skips?|first page|page \* /i,
  'missing-await': /\bawait|promise|async/i,
  'contradicting-status': /status|\b20[01]\b|spec/i,
  'missing-authorisation':
    /authori[sz]|owner|\b403\b|another user|someone else|permission|access control|anyone/i,
};

function normalisePath(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .replace(/^(?:03-verification\/)?repository\//, '');
}

/** How a list of claims matched the seeded errors: what training's exit criteria count. */
export interface VerificationMatch {
  found: number;
  seeded: number;
  falseClaims: number;
  score: number;
  evidence: string[];
}

/** Seeded errors found (file, line within ±2, and kind), minus 10 for each claim that matches none. */
export function matchVerificationClaims(
  findings: readonly { file: string; line: number; what: string; kind?: string | undefined }[],
  seeded: readonly SeededError[],
): VerificationMatch {
  const claims = findings.map((claim) => ({ ...claim, file: normalisePath(claim.file) }));
  const used = new Set<number>();
  const evidence: string[] = [];
  let found = 0;
  for (const error of seeded) {
    const index = claims.findIndex(
      (claim, claimIndex) =>
        !used.has(claimIndex) &&
        claim.file === error.file &&
        Math.abs(claim.line - error.line) <= 2 &&
        (claim.kind === error.kind || kindWords[error.kind].test(claim.what)),
    );
    if (index >= 0) {
      used.add(index);
      found++;
      evidence.push(`found ${error.file}:${error.line} (${error.kind})`);
    } else {
      evidence.push(`missed ${error.file}:${error.line} (${error.kind}): ${error.what}`);
    }
  }
  const falseClaims = claims.filter((_claim, index) => !used.has(index));
  for (const claim of falseClaims)
    evidence.push(`-10 false claim ${claim.file}:${claim.line}: ${claim.what}`);
  const recall = seeded.length === 0 ? 1 : found / seeded.length;
  evidence.push(`${found} of ${seeded.length} seeded errors found, ${falseClaims.length} false claim(s)`);
  return {
    found,
    seeded: seeded.length,
    falseClaims: falseClaims.length,
    score: clampScore(100 * recall - 10 * falseClaims.length),
    evidence,
  };
}

/** Grades a findings file against the seeded errors; a file not handed in scores 0. */
export function gradeVerification(
  answerPath: string,
  displayPath: string,
  seeded: readonly SeededError[],
): CriterionGrade {
  const answer = readAnswerFile(answerPath, displayPath, verificationAnswerSchema, verificationAnswerShape);
  if (!answer) return { criterion: 'verification', score: 0, evidence: ['no findings were handed in'] };
  const { score, evidence } = matchVerificationClaims(answer.findings, seeded);
  return { criterion: 'verification', score, evidence };
}
