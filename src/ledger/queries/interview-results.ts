import { createId } from '../../core/index.js';
import type { LedgerStore } from '../ledger-store.js';

/** The `interview_results` table (migration 0010). */
interface InterviewResultsTable {
  id: string;
  candidateLabel: string;
  seed: number;
  level: string;
  scoresJson: string;
  overall: number;
  gradedAt: string;
}

/** A graded kit as the ledger keeps it: the interviewer's label for the candidate, never a name or email. */
export interface InterviewResult {
  id: string;
  candidateLabel: string;
  seed: number;
  level: string;
  /** Score per criterion, 0–100. */
  scores: Record<string, number>;
  overall: number;
  gradedAt: string;
}

function results(ledger: LedgerStore) {
  return ledger.db.withTables<{ interviewResults: InterviewResultsTable }>();
}

export async function recordInterviewResult(
  ledger: LedgerStore,
  result: Omit<InterviewResult, 'id' | 'gradedAt'> & { gradedAt?: string },
): Promise<InterviewResult> {
  const row: InterviewResult = { id: createId('interview'), gradedAt: new Date().toISOString(), ...result };
  await results(ledger)
    .insertInto('interviewResults')
    .values({
      id: row.id,
      candidateLabel: row.candidateLabel,
      seed: row.seed,
      level: row.level,
      scoresJson: JSON.stringify(row.scores),
      overall: row.overall,
      gradedAt: row.gradedAt,
    })
    .execute();
  return row;
}

/** Every recorded result, oldest first, optionally for one candidate label. */
export async function listInterviewResults(
  ledger: LedgerStore,
  candidateLabel?: string,
): Promise<InterviewResult[]> {
  let query = results(ledger).selectFrom('interviewResults').selectAll().orderBy('gradedAt').orderBy('id');
  if (candidateLabel !== undefined) query = query.where('candidateLabel', '=', candidateLabel);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    candidateLabel: row.candidateLabel,
    seed: Number(row.seed),
    level: row.level,
    scores: JSON.parse(row.scoresJson) as Record<string, number>,
    overall: Number(row.overall),
    gradedAt: row.gradedAt,
  }));
}
