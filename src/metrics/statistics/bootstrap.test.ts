import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval, mean, quantile, seededRandom } from './bootstrap.js';

describe('bootstrapMeanInterval', () => {
  it('is the same for the same seed and holds the mean', () => {
    const attempts = [1, 1, 2, 3, 1, 1, 2, 1, 3, 1];
    const first = bootstrapMeanInterval(attempts, { seed: 7 });
    expect(bootstrapMeanInterval(attempts, { seed: 7 })).toEqual(first);
    expect(first.lower).toBeLessThan(mean(attempts));
    expect(first.upper).toBeGreaterThan(mean(attempts));
    // Bounded by the smallest and largest value a resample's mean can take.
    expect(first.lower).toBeGreaterThanOrEqual(1);
    expect(first.upper).toBeLessThanOrEqual(3);
  });

  it('narrows as samples grow and collapses on constant data', () => {
    const small = bootstrapMeanInterval([0.01, 0.03, 0.02, 0.05]);
    const large = bootstrapMeanInterval(Array.from({ length: 20 }, () => [0.01, 0.03, 0.02, 0.05]).flat());
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
    expect(bootstrapMeanInterval([2, 2, 2])).toEqual({ lower: 2, upper: 2 });
    expect(Number.isNaN(bootstrapMeanInterval([]).lower)).toBe(true);
  });

  it('covers the true mean about 95 % of the time on a known distribution', () => {
    // Samples of 30 from a uniform distribution on [0, 1) (mean 0.5), 200 times.
    const random = seededRandom(42);
    let covered = 0;
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 30 }, () => random());
      const interval = bootstrapMeanInterval(values, { resamples: 500, seed: round + 1 });
      if (interval.lower <= 0.5 && 0.5 <= interval.upper) covered++;
    }
    expect(covered / 200).toBeGreaterThan(0.88);
    expect(covered / 200).toBeLessThan(0.99);
  });
});

describe('quantile', () => {
  it("interpolates as R's quantile type 7", () => {
    // R: quantile(c(1, 2, 3, 4), 0.25) is 1.75.
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
  });
});
