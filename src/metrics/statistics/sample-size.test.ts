import { describe, expect, it } from 'vitest';
import { samplesPerGroupForRates } from './sample-size.js';

describe('samplesPerGroupForRates', () => {
  it('needs 82 per group to tell 60 % from 80 % (α 0.05 two-sided, power 0.8)', () => {
    // Fleiss, Levin & Paik (2003), Statistical Methods for Rates and Proportions, 3rd ed., eq. 4.14
    // without continuity correction: [1.96·√(2·0.7·0.3) + 0.8416·√(0.24 + 0.16)]² / 0.2² = 81.2 → 82.
    expect(samplesPerGroupForRates(0.6, 0.8)).toBe(82);
    expect(samplesPerGroupForRates(0.8, 0.6)).toBe(82);
  });

  it('needs more to tell closer rates apart, and cannot tell equal ones', () => {
    const far = samplesPerGroupForRates(0.5, 0.9) ?? 0;
    const near = samplesPerGroupForRates(0.5, 0.6) ?? 0;
    expect(near).toBeGreaterThan(far);
    expect(samplesPerGroupForRates(0.5, 0.5)).toBeUndefined();
  });
});
