import { seededRandom } from '../../core/index.js';
import type { Interval } from './wilson-interval.js';

export { seededRandom };

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The value at fraction `q` of sorted values, interpolating between neighbours (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

export interface BootstrapOptions {
  /** @default 2000 */
  resamples?: number;
  /** @default 0.95 */
  level?: number;
  /** @default 1 */
  seed?: number;
}

/**
 * A percentile bootstrap interval for the mean: resample with replacement, take the mean of each
 * resample, read the interval off their quantiles. Seeded, so a report shows the same interval
 * every time it is rendered. Costs and attempt counts are skewed, which is why a normal interval
 * would mislead here.
 */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions = {}): Interval {
  if (values.length === 0) return { lower: Number.NaN, upper: Number.NaN };
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  const means: number[] = [];
  for (let round = 0; round < resamples; round++) {
    let sum = 0;
    for (let index = 0; index < values.length; index++)
      sum += values[Math.floor(random() * values.length)] ?? 0;
    means.push(sum / values.length);
  }
  means.sort((left, right) => left - right);
  const tail = (1 - level) / 2;
  return { lower: quantile(means, tail), upper: quantile(means, 1 - tail) };
}
