import { seededRandom as generator } from '../../core/index.js';

/** A deterministic random stream: the same seed and stream name give the same draws on every machine. */
export interface SeededStream {
  /** A float in [0, 1). */
  next(): number;
  integer(minimum: number, maximum: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items, in a shuffled order. */
  sample<T>(items: readonly T[], count: number): T[];
  shuffle<T>(items: readonly T[]): T[];
}

/** FNV-1a over the text: spreads the seed and the stream's name into a 32-bit state. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A named stream of core's generator: each part of a kit draws from its own stream, so adding a
 * draw to one part never changes what another part gets.
 */
export function seededStream(seed: number, stream: string): SeededStream {
  const next = generator(hashText(`${seed}:${stream}`));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(next() * (index + 1));
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  };
  return {
    next,
    integer: (minimum, maximum) => minimum + Math.floor(next() * (maximum - minimum + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    sample: (items, count) => shuffle(items).slice(0, count),
    shuffle,
  };
}
