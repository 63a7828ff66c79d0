import { describe, expect, it } from 'vitest';
import { interleavedOrder, seedOf } from './interleave.js';

describe('interleavedOrder', () => {
  it('runs every variant once per round, in an order the seed fixes', () => {
    const order = interleavedOrder(3, 4, seedOf('exp_1'));
    expect(order).toHaveLength(12);
    for (let round = 0; round < 4; round++)
      expect([...order.slice(round * 3, round * 3 + 3)].sort()).toEqual([0, 1, 2]);
    expect(interleavedOrder(3, 4, seedOf('exp_1'))).toEqual(order);
  });

  it('does not always put the same variant first', () => {
    const order = interleavedOrder(2, 20, seedOf('exp_2'));
    const firsts = new Set(Array.from({ length: 20 }, (_, round) => order[round * 2]));
    expect(firsts.size).toBe(2);
  });
});
