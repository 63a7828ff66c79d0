import { seededRandom } from '../../core/index.js';

/**
 * The order samples run in: rounds of one sample per variant, each round in a seeded random
 * order. Drift over time (a rate limit, a busy server, a provider's model update) then falls on
 * every variant alike, and no variant always goes first. Returns variant indexes, one per sample.
 */
export function interleavedOrder(variantCount: number, samplesPerVariant: number, seed: number): number[] {
  const random = seededRandom(seed);
  const order: number[] = [];
  for (let round = 0; round < samplesPerVariant; round++) {
    const block = Array.from({ length: variantCount }, (_, index) => index);
    for (let index = block.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [block[index], block[other]] = [block[other] ?? 0, block[index] ?? 0];
    }
    order.push(...block);
  }
  return order;
}

/** A 32-bit seed from an experiment's id, so its order is the same in every session. */
export function seedOf(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
