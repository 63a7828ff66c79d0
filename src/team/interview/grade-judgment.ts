import { z } from 'zod';
import { type TriageReason, triageVerdicts } from '../../core/index.js';
import { readAnswerFile } from './answer-file.js';
import type { ExpectedVerdict } from './expected-verdicts.js';
import { type CriterionGrade, clampScore } from './grade-result.js';

export const judgmentAnswerSchema = z.object({
  answers: z.array(
    z.object({
      card: z.string().min(1),
      verdict: z.union([z.enum(triageVerdicts), z.literal('')]),
      reason: z.string().default(''),
    }),
  ),
});

export const judgmentAnswerShape =
  'answers: a list of { card: <card id>, verdict: orchestrate | orchestrate+verify | write-directly, reason: <why> }';

/** The words that tie a reason to one of the article's five reasons orchestration loses. */
const reasonWords: Readonly<Record<TriageReason, RegExp>> = {
  'security-sensitive':
    /secur|auth|vulnerab|password|crypto|payment|secret|permission|session|attack|inject|sign/i,
  'legacy-integration':
    /legacy|existing (?:code|system|module|data|rows)|old|migrat|schema|backward|compatib|history|undocumented/i,
  'performance-critical': /perform|latency|fast|hot path|throughput|speed|p9\d|real-?time|budget|volume/i,
  'novel-algorithm':
    /novel|new algorithm|no known|heuristic|research|invent|custom algorithm|nothing to copy|own scoring/i,
  'domain-specific-logic': /domain|business rule|regulat|tax|compliance|actuar|\blaw|legal|expert|underwrit/i,
};

/** A plain card's reason: the work is routine, well specified, with patterns to follow. */
const plainWords =
  /standard|boilerplate|well[- ]known|routine|pattern|straightforward|simple|common|crud|existing|clear|low[- ]risk|easy|template/i;

/** Agreement with triage's verdict (70 %) and a reason that names triage's reason (30 %), per card. */
export function gradeJudgment(
  answerPath: string,
  displayPath: string,
  expected: readonly ExpectedVerdict[],
): CriterionGrade {
  const answer = readAnswerFile(answerPath, displayPath, judgmentAnswerSchema, judgmentAnswerShape);
  if (!answer) return { criterion: 'judgment', score: 0, evidence: ['no answers were handed in'] };
  const evidence: string[] = [];
  let agreed = 0;
  let reasoned = 0;
  for (const card of expected) {
    const given = answer.answers.find((candidate) => candidate.card === card.cardId);
    if (!given || given.verdict === '') {
      evidence.push(`${card.cardId}: no answer (triage: ${card.verdict})`);
      continue;
    }
    const agrees = given.verdict === card.verdict;
    const reasonMatches =
      card.reasons.length === 0
        ? plainWords.test(given.reason) &&
          !Object.values(reasonWords).some((words) => words.test(given.reason))
        : card.reasons.some((reason) => reasonWords[reason].test(given.reason));
    if (agrees) agreed++;
    if (reasonMatches) reasoned++;
    const expectedReasons = card.reasons.length > 0 ? card.reasons.join(', ') : 'routine work';
    evidence.push(
      `${card.cardId}: ${given.verdict} ${agrees ? 'agrees' : `differs from triage's ${card.verdict}`}; reason ${reasonMatches ? 'names' : 'does not name'} ${expectedReasons}`,
    );
  }
  const unknown = answer.answers.filter((given) => !expected.some((card) => card.cardId === given.card));
  for (const given of unknown) evidence.push(`${given.card}: no such card in this kit`);
  const count = expected.length || 1;
  evidence.push(`${agreed} of ${expected.length} verdicts agree with triage, ${reasoned} reasons match`);
  return {
    criterion: 'judgment',
    score: clampScore(100 * ((0.7 * agreed) / count + (0.3 * reasoned) / count)),
    evidence,
  };
}
