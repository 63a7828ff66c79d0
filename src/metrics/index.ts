/** The metrics part's public surface: figures computed from the ledger for reports, dashboard and team. */

export { activities } from './activity-profiles.js';
export {
  buildExperimentSummary,
  type ExperimentSummary,
  type MeanMeasure,
  type RateMeasure,
  type VariantSummary,
} from './experiment-summary.js';
export { buildMetricsReport, type MetricsReport } from './metrics-report.js';
export type { ProductivityRow } from './productivity.js';
export type { Quality } from './quality.js';
export { isPolicyReview } from './review-policy-decisions.js';
export { formatP } from './statistics/index.js';
export { type Allocation, computeTimeAllocation, isHumanInterval } from './time-allocation.js';
