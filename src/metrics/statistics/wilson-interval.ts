/** A two-sided interval around an estimate, in the estimate's own units. */
export interface Interval {
  lower: number;
  upper: number;
}

/** The standard normal quantile for a two-sided 95 % interval. */
export const z95 = 1.959963984540054;

/**
 * The Wilson score interval for a binomial rate (without continuity correction): unlike the plain
 * normal interval it stays inside [0, 1] and keeps its coverage at 0/n, n/n and small samples.
 */
export function wilsonInterval(successes: number, trials: number, z = z95): Interval {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 0 || successes < 0)
    throw new RangeError(`A rate needs whole counts, got ${successes}/${trials}.`);
  if (successes > trials) throw new RangeError(`More successes than trials: ${successes}/${trials}.`);
  if (trials === 0) return { lower: 0, upper: 1 };
  const rate = successes / trials;
  const zSquared = z * z;
  const denominator = 1 + zSquared / trials;
  const centre = (rate + zSquared / (2 * trials)) / denominator;
  const halfWidth =
    (z * Math.sqrt((rate * (1 - rate)) / trials + zSquared / (4 * trials * trials))) / denominator;
  // Rounding can push an endpoint a hair past the boundary it touches (0/n, n/n).
  return { lower: Math.max(0, centre - halfWidth), upper: Math.min(1, centre + halfWidth) };
}
