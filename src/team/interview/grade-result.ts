/** The four things an interview measures. */
export const interviewCriteria = ['decomposition', 'prompting', 'verification', 'judgment'] as const;
export type InterviewCriterion = (typeof interviewCriteria)[number];

/** One criterion's score, 0–100, with the evidence behind every point given or withheld. */
export interface CriterionGrade {
  criterion: InterviewCriterion;
  score: number;
  evidence: string[];
}

export interface InterviewGrade {
  seed: number;
  level: string;
  criteria: CriterionGrade[];
  overall: number;
  /** For the hiring panel: strengths, gaps and what to probe in the next conversation. */
  summary: string;
  /** Kit files that were edited or are missing, and answer files not handed in. */
  kitProblems: string[];
}

export function clampScore(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}
