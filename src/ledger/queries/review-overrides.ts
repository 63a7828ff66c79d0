import { createId } from '../../core/index.js';
import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

/** How an override's annotation begins, so the merge gate and the audit can find it. */
export const reviewRuleOverridePrefix = 'Review rule overridden';

export interface ReviewRuleOverride {
  componentId: string;
  attemptId: string | null;
  /** Who overrode the rule: the person deciding. */
  reviewer: string;
  /** The rules broken, each with what broke it. */
  rules: readonly string[];
  reason: string;
  at: string;
}

/** Records an override of reviewer rules as an annotation on the component, which leaves its decision as it was. */
export async function recordReviewRuleOverride(
  ledger: LedgerStore,
  override: ReviewRuleOverride,
): Promise<void> {
  await ledger.insert('reviews', [
    {
      id: createId('rev'),
      componentId: override.componentId,
      attemptId: override.attemptId,
      reviewer: override.reviewer,
      decision: 'annotate',
      reason: `${reviewRuleOverridePrefix} (${override.rules.join('; ')}): ${override.reason}`,
      createdAt: override.at,
      reviewedCommit: null,
      checksOutcome: null,
    },
  ]);
}

/** Whether a review row is an override of reviewer rules. */
export function isReviewRuleOverride(review: Pick<LedgerRow<'reviews'>, 'decision' | 'reason'>): boolean {
  return review.decision === 'annotate' && (review.reason ?? '').startsWith(reviewRuleOverridePrefix);
}
