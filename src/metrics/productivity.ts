import type { ComponentWithFeature, MetricsData } from '../ledger/queries/metrics-data.js';
import { groupBy } from './group-by.js';

export interface ProductivityRow {
  /** A component key, or a feature name for a feature's total. */
  name: string;
  feature: string;
  /** The plan's estimate of writing it directly, in hours; null when the plan gave none. */
  directEstimateHours: number | null;
  /** Measured "write" time: prompting, plus writing by hand where a person wrote it directly. */
  writeHours: number;
  reviewHours: number;
  debugHours: number;
  totalHours: number;
  /** Direct estimate ÷ orchestration total: above 1, orchestration was faster. */
  ratio: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
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

function ratioOf(row: Pick<ProductivityRow, 'directEstimateHours' | 'totalHours'>): number | null {
  return row.directEstimateHours !== null && row.totalHours > 0
    ? row.directEstimateHours / row.totalHours
    : null;
}

function sumRows(name: string, feature: string, rows: readonly ProductivityRow[]): ProductivityRow {
  const sum = (pick: (row: ProductivityRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const estimates = rows
    .map((row) => row.directEstimateHours)
    .filter((hours): hours is number => hours !== null);
  const total: ProductivityRow = {
    name,
    feature,
    directEstimateHours: estimates.length > 0 ? estimates.reduce((left, right) => left + right, 0) : null,
    writeHours: sum((row) => row.writeHours),
    reviewHours: sum((row) => row.reviewHours),
    debugHours: sum((row) => row.debugHours),
    totalHours: sum((row) => row.totalHours),
    ratio: null,
    inputTokens: sum((row) => row.inputTokens),
    outputTokens: sum((row) => row.outputTokens),
    costUsd: sum((row) => row.costUsd),
  };
  return { ...total, ratio: ratioOf(total) };
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

/**
 * The article's productivity table for the user's own work: per component and per feature, the
 * plan's direct-writing estimate against measured prompting, reviewing and debugging time.
 */
export function computeProductivity(data: MetricsData): Productivity {
  const attemptComponent = new Map(data.attempts.map((attempt) => [attempt.id, attempt.componentId]));
  const intervalsByComponent = groupBy(data.intervals, (interval) => interval.componentId);
  const costsByComponent = groupBy(data.costs, (cost) =>
    cost.attemptId ? attemptComponent.get(cost.attemptId) : undefined,
  );
  const components = data.components.map((component): ProductivityRow => {
    const intervals = intervalsByComponent.get(component.id) ?? [];
    const hoursOf = (activity: string) =>
      intervals
        .filter((interval) => interval.activity === activity)
        .reduce((total, interval) => total + hoursBetween(interval.startedAt, interval.endedAt), 0);
    const costs = costsByComponent.get(component.id) ?? [];
    const row: ProductivityRow = {
      name: component.key,
      feature: component.feature,
      directEstimateHours: component.estimateHours,
      writeHours: hoursOf('prompting') + hoursOf('writing'),
      reviewHours: hoursOf('reviewing'),
      debugHours: hoursOf('debugging'),
      totalHours: 0,
      ratio: null,
      inputTokens: costs.reduce((total, cost) => total + cost.inputTokens, 0),
      outputTokens: costs.reduce((total, cost) => total + cost.outputTokens, 0),
      costUsd: costs.reduce((total, cost) => total + (cost.usd ?? 0), 0),
    };
    row.totalHours = row.writeHours + row.reviewHours + row.debugHours;
    return { ...row, ratio: ratioOf(row) };
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
