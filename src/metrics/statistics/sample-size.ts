import { z95 } from './wilson-interval.js';

/** The standard normal quantile for 80 % power. */
const z80 = 0.8416212335729143;

/**
 * Samples per group needed to tell two rates apart with a two-sided test at α = 0.05 and 80 %
 * power (the normal approximation of Fleiss, Levin & Paik, without continuity correction);
 * `undefined` when the rates are equal, because no number of samples tells equal rates apart.
 */
export function samplesPerGroupForRates(rate1: number, rate2: number): number | undefined {
  const difference = Math.abs(rate1 - rate2);
  if (difference === 0) return undefined;
  const pooled = (rate1 + rate2) / 2;
  const numerator =
    z95 * Math.sqrt(2 * pooled * (1 - pooled)) + z80 * Math.sqrt(rate1 * (1 - rate1) + rate2 * (1 - rate2));
  return Math.ceil((numerator * numerator) / (difference * difference));
}
