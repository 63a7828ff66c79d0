import type { LedgerStore } from '../../ledger/ledger-store.js';
import { componentAttemptStarts } from '../../ledger/queries/attempt-records.js';
import { componentReviews } from '../../ledger/queries/review-decisions.js';

/** A person's word on an earlier attempt, for the prompt of the next one. */
export interface ReviewerFeedback {
  decision: 'reject' | 'annotate';
  reviewer: string;
  reason: string;
  /** The number of the attempt the reviewer judged, when the review names one. */
  attemptNumber: number | undefined;
  at: string;
  /** No attempt of the component started after it: the feedback is not yet answered. */
  open: boolean;
}

/**
 * Reviewer feedback on a component (its ledger id), oldest first: every rejection with its reason,
 * and with `includeNotes` the annotations too. The engine calls this before it records a new
 * attempt and puts the `open` entries (or all of them) in that attempt's prompt.
 */
export async function loadReviewerFeedback(
  ledger: LedgerStore,
  componentId: string,
  options: { includeNotes?: boolean } = {},
): Promise<ReviewerFeedback[]> {
  const decisions: ('reject' | 'annotate')[] = options.includeNotes ? ['reject', 'annotate'] : ['reject'];
  const [reviews, attempts] = await Promise.all([
    componentReviews(ledger, componentId, decisions),
    componentAttemptStarts(ledger, componentId),
  ]);
  return reviews
    .filter((review) => (review.reason ?? '').trim() !== '')
    .map((review) => ({
      decision: review.decision as 'reject' | 'annotate',
      reviewer: review.reviewer,
      reason: (review.reason ?? '').trim(),
      attemptNumber: attempts.find((attempt) => attempt.id === review.attemptId)?.number,
      at: review.createdAt,
      open: !attempts.some((attempt) => attempt.startedAt > review.createdAt),
    }));
}

/** The feedback as a prompt section; empty when there is none. */
export function renderReviewerFeedback(feedback: readonly ReviewerFeedback[]): string {
  if (feedback.length === 0) return '';
  const lines = feedback.map((entry) => {
    const what = entry.decision === 'reject' ? 'rejected' : 'noted on';
    const attempt =
      entry.attemptNumber === undefined ? 'an earlier attempt' : `attempt ${entry.attemptNumber}`;
    return `- ${entry.reviewer} ${what} ${attempt}: ${entry.reason}`;
  });
  return `A person reviewed earlier work on this component. Address every point below:\n\n${lines.join('\n')}\n`;
}
