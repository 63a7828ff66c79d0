import { describe, expect, it } from 'vitest';
import { fisherExactTwoSided } from './fisher-exact.js';
import { compareRates, formatP } from './rate-verdict.js';

describe('compareRates', () => {
  it('names the better variant with its counts and p when the difference is clear', () => {
    const [comparison] = compareRates(
      { name: 'A', successes: 11, trials: 20 },
      [{ name: 'B', successes: 18, trials: 20 }],
      { what: 'passes first time' },
    );
    const p = fisherExactTwoSided({ a: 18, b: 2, c: 11, d: 9 });
    expect(comparison?.p).toBeCloseTo(p, 12);
    expect(p).toBeCloseTo(0.03095, 5);
    expect(comparison?.significant).toBe(true);
    expect(comparison?.verdict).toBe('B passes first time more often: 18/20 against A 11/20 (p = 0.031).');
    expect(comparison?.moreSamplesNeeded).toBeUndefined();
  });

  it('says when it is too close to call and how many more samples would tell', () => {
    const [comparison] = compareRates(
      { name: 'A', successes: 3, trials: 6 },
      [{ name: 'B', successes: 5, trials: 6 }],
      { what: 'passes first time' },
    );
    // Margins 6, 6 and 8 passes: the tables with 2..6 passes in B's row have weights 15, 120, 225,
    // 120, 15 (of 495); those at most as likely as the observed 120 sum to 270/495 = 0.5455.
    expect(comparison?.p).toBeCloseTo(0.5454545, 6);
    expect(comparison?.significant).toBe(false);
    // Fleiss without continuity correction for 0.5 vs 0.8333: 30.2 → 31 per variant; 25 more than 6.
    expect(comparison?.samplesNeeded).toBe(31);
    expect(comparison?.moreSamplesNeeded).toBe(25);
    expect(comparison?.verdict).toBe(
      'Too close to call: B passes first time 5/6 against A 3/6 (p = 0.55); telling a difference this size apart needs about 31 samples per variant (α 0.05, 80 % power), 25 more than now.',
    );
  });

  it('counts on the exact test where the normal approximation fails, at rates of 0 and 1', () => {
    const [comparison] = compareRates(
      { name: 'A', successes: 0, trials: 3 },
      [{ name: 'B', successes: 3, trials: 3 }],
      { what: 'passes first time' },
    );
    // Margins 3, 3 and 3: weights 1, 9, 9, 1 of 20, so two-sided p = 2/20; at 4 each, 2/70 = 0.029.
    expect(comparison?.p).toBeCloseTo(0.1, 10);
    expect(comparison?.samplesNeeded).toBe(4);
    expect(comparison?.moreSamplesNeeded).toBe(1);
  });

  it('corrects for several comparisons with Holm and says so', () => {
    const comparisons = compareRates(
      { name: 'A', successes: 11, trials: 20 },
      [
        { name: 'B', successes: 18, trials: 20 },
        { name: 'C', successes: 12, trials: 20 },
      ],
      { what: 'passes first time' },
    );
    const pB = fisherExactTwoSided({ a: 18, b: 2, c: 11, d: 9 });
    expect(comparisons[0]?.adjustedP).toBeCloseTo(2 * pB, 12);
    expect(comparisons[0]?.verdict).toContain('Holm-adjusted over 2 comparisons');
    // 2 × 0.031 = 0.062: no longer below 0.05 once corrected.
    expect(comparisons[0]?.significant).toBe(false);
    expect(comparisons[1]?.adjustedP).toBeCloseTo(1, 10);
  });

  it('says equal rates cannot be told apart', () => {
    const [comparison] = compareRates(
      { name: 'A', successes: 4, trials: 8 },
      [{ name: 'B', successes: 4, trials: 8 }],
      { what: 'passes first time' },
    );
    expect(comparison?.verdict).toMatch(
      /^No difference seen: B passes first time 4\/8 against A 4\/8 \(p = 1\.00\)/,
    );
  });
});

describe('formatP', () => {
  it('rounds for people', () => {
    expect(formatP(0.0004)).toBe('p < 0.001');
    expect(formatP(0.0214)).toBe('p = 0.021');
    expect(formatP(0.5)).toBe('p = 0.50');
  });
});
