import type { MetricsData } from '../ledger/index.js';
import { gateDefects } from './gate-defects.js';
import { groupBy } from './group-by.js';
import { computeReviewCoverage, type ReviewCoverage } from './review-policy-decisions.js';

export interface CheckFindings {
  checkId: string;
  count: number;
  rules: { ruleId: string; count: number }[];
}

export interface Quality {
  /** Components with at least one attempt. */
  componentsAttempted: number;
  /** Components whose first attempt passed every check and that no reviewer rejected. */
  firstPassAccepted: number;
  firstPassRate: number | null;
  attemptsPerComponent: {
    mean: number | null;
    max: number;
    histogram: { attempts: number; components: number }[];
  };
  findingsByCheck: CheckFindings[];
  /** Accepts and merges on a person's review against those by policy, which nobody reviewed. */
  review: ReviewCoverage;
  defects: {
    /** Distinct blocking findings on each component's own files, a failing test once (see `gateDefects`). */
    caughtByGate: number;
    /** Every finding the gate recorded, notes and repeats included: what `caughtByGate` was counted from. */
    gateFindings: number;
    rejectedInReview: number;
    foundLater: number;
    /** Share of all defects the gate caught before a person saw them. */
    gateCatchRate: number | null;
  };
}

const byCountThenName =
  <Row extends { count: number }>(name: (row: Row) => string) =>
  (left: Row, right: Row) =>
    right.count - left.count || name(left).localeCompare(name(right));

/** First-pass acceptance, attempts, findings per check and rule, and where defects were caught. */
export function computeQuality(data: MetricsData): Quality {
  const attemptsByComponent = groupBy(data.attempts, (attempt) => attempt.componentId);
  const rejected = new Set(
    data.reviews.filter((review) => review.decision === 'reject').map((review) => review.componentId),
  );
  let firstPassAccepted = 0;
  const attemptCounts: number[] = [];
  for (const [componentId, attempts] of attemptsByComponent) {
    const numbers = new Set(attempts.map((attempt) => attempt.number));
    attemptCounts.push(numbers.size);
    const first = attempts.find((attempt) => attempt.number === 1);
    if (first?.status === 'passed' && !rejected.has(componentId)) firstPassAccepted++;
  }
  const componentsAttempted = attemptsByComponent.size;
  const histogram = [...groupBy(attemptCounts, (count) => count)]
    .map(([attempts, components]) => ({ attempts, components: components.length }))
    .sort((left, right) => left.attempts - right.attempts);

  const findingsByCheck = [...groupBy(data.findings, (finding) => finding.checkId)]
    .map(([checkId, findings]) => ({
      checkId,
      count: findings.length,
      rules: [...groupBy(findings, (finding) => finding.ruleId)]
        .map(([ruleId, rows]) => ({ ruleId, count: rows.length }))
        .sort(byCountThenName((rule) => rule.ruleId)),
    }))
    .sort(byCountThenName((check) => check.checkId));

  const gateFindings = data.findings.filter((finding) => finding.attemptId !== null).length;
  const caughtByGate = gateDefects(data).length;
  const rejectedInReview = data.reviews.filter((review) => review.decision === 'reject').length;
  const foundLater = data.defects.length;
  const allDefects = caughtByGate + rejectedInReview + foundLater;
  return {
    componentsAttempted,
    firstPassAccepted,
    firstPassRate: componentsAttempted > 0 ? firstPassAccepted / componentsAttempted : null,
    attemptsPerComponent: {
      mean:
        attemptCounts.length > 0
          ? attemptCounts.reduce((sum, count) => sum + count, 0) / attemptCounts.length
          : null,
      max: Math.max(0, ...attemptCounts),
      histogram,
    },
    findingsByCheck,
    review: computeReviewCoverage(data),
    defects: {
      caughtByGate,
      gateFindings,
      rejectedInReview,
      foundLater,
      gateCatchRate: allDefects > 0 ? caughtByGate / allDefects : null,
    },
  };
}
