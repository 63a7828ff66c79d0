import type { MetricsData } from '../ledger/queries/metrics-data.js';
import { groupBy } from './group-by.js';

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
  defects: {
    caughtByGate: number;
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

  const caughtByGate = data.findings.filter((finding) => finding.attemptId !== null).length;
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
    defects: {
      caughtByGate,
      rejectedInReview,
      foundLater,
      gateCatchRate: allDefects > 0 ? caughtByGate / allDefects : null,
    },
  };
}
