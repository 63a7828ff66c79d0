import type { LedgerStore } from '../ledger/index.js';
import { loadMetricsData, type MetricsFilter } from '../ledger/index.js';
import { computeEconomics, type Economics } from './economics.js';
import { computeProductivity, type Productivity } from './productivity.js';
import { computeQuality, type Quality } from './quality.js';
import { computeTimeAllocation, type TimeAllocation } from './time-allocation.js';

/** Every metric over one slice of the ledger; what `baton report` and the dashboard show. */
export interface MetricsReport {
  generatedAt: string;
  filter: MetricsFilter;
  timeAllocation: TimeAllocation;
  productivity: Productivity;
  quality: Quality;
  economics: Economics;
}

export async function buildMetricsReport(
  ledger: LedgerStore,
  filter: MetricsFilter,
  now: Date,
  settings: { minProfileHours?: number } = {},
): Promise<MetricsReport> {
  const data = await loadMetricsData(ledger, filter);
  return {
    generatedAt: now.toISOString(),
    filter,
    timeAllocation: computeTimeAllocation(data.intervals, settings),
    productivity: computeProductivity(data),
    quality: computeQuality(data),
    economics: computeEconomics(data),
  };
}
