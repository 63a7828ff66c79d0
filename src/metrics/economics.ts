import type { MetricsData } from '../ledger/index.js';
import { groupBy } from './group-by.js';

export interface ModelSpend {
  provider: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** US dollars of the priced calls; null when no call had a price. */
  costUsd: number | null;
  unpricedCalls: number;
}

export interface Economics {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Calls whose price was unknown (no entry in the price table): their tokens count, their cost does not. */
  unpricedCalls: number;
  byModel: ModelSpend[];
  /** Spend per UTC day, oldest first, for the cost-over-time chart. */
  byDay: { day: string; costUsd: number; inputTokens: number; outputTokens: number }[];
}

/** Tokens and money, in total, per model and per day. */
export function computeEconomics(data: MetricsData): Economics {
  const sum = (rows: MetricsData['costs'], pick: (row: MetricsData['costs'][number]) => number) =>
    rows.reduce((total, row) => total + pick(row), 0);
  const byModel = [...groupBy(data.costs, (cost) => `${cost.provider}\u0000${cost.model}`).values()]
    .map((rows) => ({
      provider: rows[0]?.provider ?? '',
      model: rows[0]?.model ?? '',
      calls: rows.length,
      inputTokens: sum(rows, (row) => row.inputTokens),
      outputTokens: sum(rows, (row) => row.outputTokens),
      costUsd: rows.every((row) => row.usd === null) ? null : sum(rows, (row) => row.usd ?? 0),
      unpricedCalls: rows.filter((row) => row.usd === null).length,
    }))
    .sort(
      (left, right) => (right.costUsd ?? 0) - (left.costUsd ?? 0) || left.model.localeCompare(right.model),
    );
  const byDay = [...groupBy(data.costs, (cost) => cost.createdAt.slice(0, 10))]
    .map(([day, rows]) => ({
      day,
      costUsd: sum(rows, (row) => row.usd ?? 0),
      inputTokens: sum(rows, (row) => row.inputTokens),
      outputTokens: sum(rows, (row) => row.outputTokens),
    }))
    .sort((left, right) => left.day.localeCompare(right.day));
  return {
    calls: data.costs.length,
    inputTokens: sum(data.costs, (row) => row.inputTokens),
    outputTokens: sum(data.costs, (row) => row.outputTokens),
    costUsd: sum(data.costs, (row) => row.usd ?? 0),
    unpricedCalls: data.costs.filter((cost) => cost.usd === null).length,
    byModel,
    byDay,
  };
}
