import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm.js';

describe('holmAdjust', () => {
  it('steps down and keeps the adjusted values monotone', () => {
    // Holm, S. (1979), "A simple sequentially rejective multiple test procedure", Scandinavian
    // Journal of Statistics 6, 65–70: the i-th smallest of m p-values is multiplied by (m − i + 1),
    // then made non-decreasing; R's p.adjust(c(.01, .02, .03, .04, .05), "holm") gives these.
    const adjusted = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([0.05, 0.08, 0.09, 0.09, 0.09]);
  });

  it('keeps the input order and caps at 1', () => {
    expect(holmAdjust([0.04, 0.5, 0.001])).toEqual([0.08, 0.5, 0.003]);
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([0.02])).toEqual([0.02]);
  });
});
