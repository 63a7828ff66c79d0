import type { ComponentWithFeature, MetricsData } from '../ledger/index.js';
import { groupBy } from './group-by.js';
import { isPolicyReview } from './review-policy-decisions.js';
import { isHumanInterval } from './time-allocation.js';

export interface ProductivityRow {
  /** A component key, or a feature name for a feature's total. */
  name: string;
  feature: string;
  /** The plan's estimate of writing it directly, in hours; null when the plan gave none. */
  directEstimateHours: number | null;
  /** A person's "write" time: prompting, plus writing by hand where a person wrote it directly. */
  writeHours: number;
  /** A person's reviewing time; a decision by policy adds none. */
  reviewHours: number;
  /** A person's debugging time. */
  debugHours: number;
  /** Human time only: write + review + debug. */
  totalHours: number;
  /** The model's wall time in runs (first answers and repairs): shown, never in the ratio. */
  modelHours: number;
  /** Direct estimate ÷ human time: above 1, orchestration was faster; null when not measured. */
  ratio: number | null;
  /** Why there is no ratio, for people: no estimate, or no human time and why none was recorded. */
  notMeasured: string | undefined;
  /** For a feature: components whose ratio was measured, of those with an estimate. */
  measured?: { components: number; of: number };
  inputTokens: number;
  outputTokens: number;
  /** US dollars of the priced calls; null when every call's price was unknown. */
  costUsd: number | null;
  /** Calls with no price in the price table: their cost is unknown, not zero. */
  unpricedCalls: number;
}

export interface OrchestrationLoss {
  component: string;
  feature: string;
  outcome: 'escalated' | 'written directly';
  reasons: string[];
}

export interface Productivity {
  components: ProductivityRow[];
  features: ProductivityRow[];
  losses: OrchestrationLoss[];
}

const hoursBetween = (start: string, end: string) =>
  Math.max(0, Date.parse(end) - Date.parse(start)) / 3_600_000;

function costOf(
  costs: readonly { usd: number | null }[],
): Pick<ProductivityRow, 'costUsd' | 'unpricedCalls'> {
  const priced = costs.filter((cost) => cost.usd !== null);
  return {
    costUsd:
      costs.length > 0 && priced.length === 0 ? null : priced.reduce((sum, cost) => sum + (cost.usd ?? 0), 0),
    unpricedCalls: costs.length - priced.length,
  };
}

function sumRows(name: string, feature: string, rows: readonly ProductivityRow[]): ProductivityRow {
  const sum = (pick: (row: ProductivityRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const estimated = rows.filter((row) => row.directEstimateHours !== null);
  // Only components with human time enter the ratio: an estimate set against no time would inflate it.
  const measured = estimated.filter((row) => row.ratio !== null);
  const measuredEstimate = measured.reduce((total, row) => total + (row.directEstimateHours ?? 0), 0);
  const measuredHours = measured.reduce((total, row) => total + row.totalHours, 0);
  const costs = rows.filter((row) => row.costUsd !== null);
  return {
    name,
    feature,
    directEstimateHours:
      estimated.length > 0
        ? estimated.reduce((total, row) => total + (row.directEstimateHours ?? 0), 0)
        : null,
    writeHours: sum((row) => row.writeHours),
    reviewHours: sum((row) => row.reviewHours),
    debugHours: sum((row) => row.debugHours),
    totalHours: sum((row) => row.totalHours),
    modelHours: sum((row) => row.modelHours),
    ratio: measured.length > 0 && measuredHours > 0 ? measuredEstimate / measuredHours : null,
    notMeasured:
      estimated.length === 0
        ? 'the plan gives no direct estimate'
        : measured.length === 0
          ? 'no component has human time recorded'
          : undefined,
    measured: { components: measured.length, of: estimated.length },
    inputTokens: sum((row) => row.inputTokens),
    outputTokens: sum((row) => row.outputTokens),
    costUsd:
      rows.length > 0 && costs.length === 0
        ? null
        : costs.reduce((total, row) => total + (row.costUsd ?? 0), 0),
    unpricedCalls: sum((row) => row.unpricedCalls),
  };
}

function lossOf(component: ComponentWithFeature): OrchestrationLoss | undefined {
  const reasons: string[] = component.triageReasons ? (JSON.parse(component.triageReasons) as string[]) : [];
  if (component.status === 'escalated') {
    return {
      component: component.key,
      feature: component.feature,
      outcome: 'escalated',
      reasons: component.statusReason ? [component.statusReason] : reasons,
    };
  }
  if (component.triage === 'write-directly') {
    return { component: component.key, feature: component.feature, outcome: 'written directly', reasons };
  }
  return undefined;
}

/** Why a component with an estimate has no human time: what the ledger shows happened instead. */
function whyNoHumanTime(replayed: boolean, reviews: MetricsData['reviews']): string {
  const causes: string[] = [];
  if (replayed) causes.push('answers replayed');
  if (reviews.length > 0 && reviews.every(isPolicyReview)) causes.push('accepted by policy, nobody reviewed');
  else if (reviews.length === 0) causes.push('not reviewed yet');
  return `no human time recorded${causes.length > 0 ? `: ${causes.join('; ')}` : ''}`;
}

/**
 * The article's productivity table for the user's own work: per component and per feature, the
 * plan's direct-writing estimate against the time people spent (prompting, reviewing, debugging).
 * The model's time is shown beside it but never counted as anyone's work.
 */
export function computeProductivity(data: MetricsData): Productivity {
  const attemptComponent = new Map(data.attempts.map((attempt) => [attempt.id, attempt.componentId]));
  const intervalsByComponent = groupBy(data.intervals, (interval) => interval.componentId);
  const costsByComponent = groupBy(data.costs, (cost) =>
    cost.attemptId ? attemptComponent.get(cost.attemptId) : undefined,
  );
  const reviewsByComponent = groupBy(data.reviews, (review) => review.componentId);
  const replayedComponents = new Set(
    data.responses
      .filter((response) => response.provider.startsWith('replay:'))
      .map((response) => (response.attemptId ? attemptComponent.get(response.attemptId) : undefined)),
  );
  const components = data.components.map((component): ProductivityRow => {
    const intervals = intervalsByComponent.get(component.id) ?? [];
    const human = intervals.filter(isHumanInterval);
    const hoursOf = (activity: string) =>
      human
        .filter((interval) => interval.activity === activity)
        .reduce((total, interval) => total + hoursBetween(interval.startedAt, interval.endedAt), 0);
    const costs = costsByComponent.get(component.id) ?? [];
    const writeHours = hoursOf('prompting') + hoursOf('writing');
    const reviewHours = hoursOf('reviewing');
    const debugHours = hoursOf('debugging');
    const totalHours = writeHours + reviewHours + debugHours;
    const estimate = component.estimateHours;
    const notMeasured =
      estimate === null
        ? 'the plan gives no direct estimate'
        : totalHours === 0
          ? whyNoHumanTime(replayedComponents.has(component.id), reviewsByComponent.get(component.id) ?? [])
          : undefined;
    return {
      name: component.key,
      feature: component.feature,
      directEstimateHours: estimate,
      writeHours,
      reviewHours,
      debugHours,
      totalHours,
      modelHours: intervals
        .filter((interval) => !isHumanInterval(interval))
        .reduce((total, interval) => total + hoursBetween(interval.startedAt, interval.endedAt), 0),
      ratio: notMeasured === undefined && estimate !== null ? estimate / totalHours : null,
      notMeasured,
      inputTokens: costs.reduce((total, cost) => total + cost.inputTokens, 0),
      outputTokens: costs.reduce((total, cost) => total + cost.outputTokens, 0),
      ...costOf(costs),
    };
  });
  const featureNames = [...new Set(components.map((row) => row.feature))].sort();
  const features = featureNames.map((feature) =>
    sumRows(
      feature,
      feature,
      components.filter((row) => row.feature === feature),
    ),
  );
  const losses = data.components.map(lossOf).filter((loss): loss is OrchestrationLoss => loss !== undefined);
  return { components, features, losses };
}
