import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.js';

// Expected values: Newcombe, R. G. (1998), "Two-sided confidence intervals for the single
// proportion: comparison of seven methods", Statistics in Medicine 17, 857–872, Table I, method 3
// (score interval without continuity correction), given there to four decimals.
describe('wilsonInterval', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i matches Newcombe (1998) Table I', (successes, trials, lower, upper) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('stays inside [0, 1] at n/n and says nothing is known with no trials', () => {
    const all = wilsonInterval(20, 20);
    expect(all.upper).toBe(1);
    // The mirror of 0/20 above.
    expect(all.lower).toBeCloseTo(1 - 0.1611, 4);
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });

  it('refuses counts that are not a rate', () => {
    expect(() => wilsonInterval(5, 3)).toThrow(/More successes than trials/);
    expect(() => wilsonInterval(1.5, 3)).toThrow(/whole counts/);
  });
});
