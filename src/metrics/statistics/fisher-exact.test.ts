import { describe, expect, it } from 'vitest';
import { fisherExactTwoSided } from './fisher-exact.js';

describe('fisherExactTwoSided', () => {
  it("gives 34/70 for Fisher's tea-tasting table", () => {
    // Fisher, R. A. (1935), The Design of Experiments, §2; Agresti (2002), Categorical Data
    // Analysis, 2nd ed., §3.5.1: 3 of 4 cups right each way, two-sided P = 0.486 (= 34/70).
    expect(fisherExactTwoSided({ a: 3, b: 1, c: 1, d: 3 })).toBeCloseTo(34 / 70, 10);
  });

  it("gives 0.0005367 for Fisher's convictions of like-sex twins", () => {
    // R documentation of stats::fisher.test, example "Convictions" (Fisher 1962):
    // matrix(c(2, 10, 15, 3), 2) gives p-value = 0.0005367 two-sided.
    expect(fisherExactTwoSided({ a: 2, b: 10, c: 15, d: 3 })).toBeCloseTo(0.0005367, 7);
  });

  it('is 1 for tables that show no difference and symmetric in the groups', () => {
    expect(fisherExactTwoSided({ a: 5, b: 5, c: 5, d: 5 })).toBeCloseTo(1, 10);
    const forward = fisherExactTwoSided({ a: 18, b: 2, c: 11, d: 9 });
    expect(fisherExactTwoSided({ a: 11, b: 9, c: 18, d: 2 })).toBeCloseTo(forward, 12);
    expect(fisherExactTwoSided({ a: 0, b: 0, c: 0, d: 0 })).toBe(1);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => fisherExactTwoSided({ a: -1, b: 1, c: 1, d: 1 })).toThrow(/whole counts/);
  });
});
