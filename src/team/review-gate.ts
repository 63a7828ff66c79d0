import type { TeamPerson, TeamSettings } from '../core/index.js';
import { loadReviewItems, needsReview, type ReviewItem, type ReviewRun } from '../engine/review/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { isReviewRuleOverride, recordReviewRuleOverride } from '../ledger/index.js';
import { componentOwners, judgeReviewer, type RuleBreak } from './reviewer-rules.js';
import { loadRoster } from './team-report.js';

export interface ReviewGateOptions {
  ledger: LedgerStore;
  reviewRun: ReviewRun;
  team: TeamSettings;
  root: string;
  repository: string;
  /** The person deciding now. */
  reviewer: string;
  /** `--override "<reason>"`: decide anyway; the override is recorded on each component. */
  override: string | undefined;
  at: string;
}

export interface ReviewGateResult {
  /** Components the decision may go ahead on. */
  allowed: string[];
  /** Rules broken on components that are refused. */
  refused: RuleBreak[];
  /** Rules broken and overridden, each override recorded. */
  overridden: RuleBreak[];
  /** False when no one is on the team: the rules have no one to judge. */
  applied: boolean;
}

async function gate(
  options: ReviewGateOptions,
  items: readonly ReviewItem[],
  deciderOf: (item: ReviewItem) => string,
): Promise<ReviewGateResult> {
  const keys = items.map((item) => item.component.key);
  const roster = await loadRoster(options.ledger, options.team.people as TeamPerson[]);
  if (roster.people.length === 0) return { allowed: keys, refused: [], overridden: [], applied: false };
  const owners = await componentOwners({ ...options, items, roster });
  const refused: RuleBreak[] = [];
  const overridden: RuleBreak[] = [];
  const allowed: string[] = [];
  for (const item of items) {
    const breaks = judgeReviewer({
      rules: options.team.reviewRules,
      roster,
      reviewer: deciderOf(item),
      component: item.component,
      owner: owners.get(item.component.key),
    });
    if (breaks.length === 0) {
      allowed.push(item.component.key);
      continue;
    }
    if (options.override === undefined) {
      refused.push(...breaks);
      continue;
    }
    await recordReviewRuleOverride(options.ledger, {
      componentId: item.component.id,
      attemptId: item.attempt?.id ?? null,
      reviewer: options.reviewer,
      rules: breaks.map((entry) => `${entry.rule}: ${entry.message}`),
      reason: options.override,
      at: options.at,
    });
    overridden.push(...breaks);
    allowed.push(item.component.key);
  }
  return { allowed, refused, overridden, applied: true };
}

/** Holds the decisions a reviewer is about to make (`baton review`) to the team's reviewer rules. */
export async function gateReviewDecisions(
  options: ReviewGateOptions & { only: readonly string[] | undefined },
): Promise<ReviewGateResult> {
  const items = (await loadReviewItems(options.ledger, options.reviewRun)).filter((item) =>
    options.only
      ? options.only.includes(item.component.key) && (needsReview(item) || item.state === 'accepted')
      : needsReview(item),
  );
  return gate(options, items, () => options.reviewer);
}

/**
 * Holds a merge (`baton merge`) to the reviewer rules: each accepted component's standing decision
 * must keep them, or have had a breach overridden with a reason, on that attempt or since.
 */
export async function gateMergeDecisions(options: ReviewGateOptions): Promise<ReviewGateResult> {
  const accepted = (await loadReviewItems(options.ledger, options.reviewRun)).filter(
    (item) => item.state === 'accepted' && item.lastDecision,
  );
  const unexcused = accepted.filter((item) => {
    const decidedAt = item.lastDecision?.createdAt ?? '';
    // An override on the attempt under review, or one made since the decision, stands for it.
    return !item.reviews.some(
      (review) =>
        isReviewRuleOverride(review) &&
        ((item.attempt !== undefined && review.attemptId === item.attempt.id) ||
          review.createdAt >= decidedAt),
    );
  });
  const result = await gate(options, unexcused, (item) => item.lastDecision?.reviewer ?? '');
  const excused = accepted.filter((item) => !unexcused.includes(item)).map((item) => item.component.key);
  return { ...result, allowed: [...excused, ...result.allowed] };
}

/** The refusal, one line per broken rule, with what to do. */
export function describeRefusal(
  refused: readonly RuleBreak[],
  command: 'review' | 'merge',
): { message: string; hint: string } {
  const components = [...new Set(refused.map((entry) => entry.componentKey))];
  return {
    message: `${command === 'review' ? 'Refused to decide on' : 'Refused to merge'} ${components.join(', ')}: the team's reviewer rules are broken:\n${refused
      .map((entry) => `  ${entry.componentKey}: ${entry.rule}: ${entry.message}`)
      .join('\n')}`,
    hint:
      command === 'review'
        ? 'Ask a reviewer the rules allow, or decide anyway with --override "<reason>" (the override is recorded in the ledger). Rules are set in `team.reviewRules` in baton.config.ts.'
        : 'Have a reviewer the rules allow accept them again with `baton review --component <ids>`, or merge anyway with `baton merge --override "<reason>"` (recorded in the ledger).',
  };
}
