import type { MetricsData } from '../ledger/index.js';
import { policyReviewer } from '../ledger/index.js';
import { groupBy } from './group-by.js';

/** Whether a decision was made by a policy, with nobody reading the code. */
export function isPolicyReview(review: Pick<MetricsData['reviews'][number], 'reviewer'>): boolean {
  return review.reviewer === policyReviewer;
}

export interface ReviewCoverage {
  /** Components whose standing decision is an accept. */
  accepted: number;
  /** Of those, accepted by policy: nobody reviewed them. */
  acceptedByPolicy: number;
  /** Components merged into their base branch. */
  merged: number;
  /** Of those, merged on an accept by policy: they reached the base branch unreviewed. */
  mergedByPolicy: number;
  /** The branches merged into, such as `main`. */
  baseBranches: string[];
}

/** How many components were accepted and merged on a person's review, and how many by policy alone. */
export function computeReviewCoverage(data: MetricsData): ReviewCoverage {
  const standing = new Map<string, MetricsData['reviews'][number]>();
  for (const [componentId, reviews] of groupBy(data.reviews, (review) => review.componentId)) {
    // Annotations leave the decision as it was; the latest accept, edit or reject stands.
    const decisions = reviews
      .filter((review) => review.decision !== 'annotate')
      .sort(
        (left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id),
      );
    const last = decisions.at(-1);
    if (last) standing.set(componentId, last);
  }
  const accepted = [...standing.values()].filter((review) => review.decision !== 'reject');
  const byPolicy = new Set(accepted.filter(isPolicyReview).map((review) => review.componentId));
  const merged = new Set(data.merges.map((merge) => merge.componentId));
  return {
    accepted: accepted.length,
    acceptedByPolicy: byPolicy.size,
    merged: merged.size,
    mergedByPolicy: [...merged].filter((componentId) => byPolicy.has(componentId)).length,
    baseBranches: [...new Set(data.merges.map((merge) => merge.baseBranch))].sort(),
  };
}
