import type { ReviewItem } from './review-items.js';

/** How `baton review` decides without asking (docs/review.md, "Non-interactive review"). */
export interface ReviewPolicy {
  /** Accept every component awaiting review, except those where review is mandatory. */
  yes?: boolean;
  /** Accept only components with zero findings of any severity. */
  acceptClean?: boolean;
  /** Reject every component awaiting review, with this reason. */
  rejectAll?: string | undefined;
  /** With --yes or --accept-clean, also accept components triage marked orchestrate+verify. */
  includeMandatory?: boolean;
}

export type PolicyDecision =
  | { decision: 'accept'; reason: string }
  | { decision: 'reject'; reason: string }
  | { decision: 'skip'; reason: string };

/** Whether a policy was given at all: without one, review asks a person. */
export function hasPolicy(policy: ReviewPolicy): boolean {
  return Boolean(policy.yes || policy.acceptClean || policy.rejectAll !== undefined);
}

/**
 * What a policy does with one component awaiting review. `--yes` never accepts a component whose
 * review is mandatory unless `--include-mandatory` says so too; `--accept-clean` narrows `--yes`
 * to components without a single finding.
 */
export function decideByPolicy(
  item: ReviewItem,
  policy: ReviewPolicy,
  movedSinceDecision: boolean,
): PolicyDecision {
  if (policy.rejectAll !== undefined) return { decision: 'reject', reason: policy.rejectAll };
  if (item.state === 'accepted')
    return { decision: 'skip', reason: `already accepted (${item.stateReason})` };
  if (item.state === 'checks-failed') {
    return { decision: 'skip', reason: 'the checks did not pass after an edit; edit again or reject it' };
  }
  if (movedSinceDecision) {
    return {
      decision: 'skip',
      reason: 'its branch moved since the checks ran; re-run them with `baton review` (recheck)',
    };
  }
  if (item.mandatory && !policy.includeMandatory) {
    return {
      decision: 'skip',
      reason:
        'review is mandatory (triage: orchestrate+verify); review it in person, or add --include-mandatory',
    };
  }
  const flags = [
    policy.acceptClean ? '--accept-clean' : '--yes',
    ...(item.mandatory ? ['--include-mandatory'] : []),
  ];
  if (policy.acceptClean) {
    if (item.findings.length > 0) {
      return {
        decision: 'skip',
        reason: `${item.findings.length} finding(s); --accept-clean accepts only components with none`,
      };
    }
    return { decision: 'accept', reason: `accepted without review by ${flags.join(' ')}: no findings` };
  }
  if (policy.yes) return { decision: 'accept', reason: `accepted without review by ${flags.join(' ')}` };
  return { decision: 'skip', reason: 'no policy decides it' };
}
