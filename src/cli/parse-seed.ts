import { randomInt } from 'node:crypto';
import { BatonError } from '../core/errors.js';

/** Reads a `--seed` value; none gives a random seed, so each generated kit or exercise differs unless asked. */
export function parseSeed(value: string | undefined, sameSeedGives: string): number {
  if (value === undefined) return randomInt(1, 2 ** 31 - 1);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `--seed must be a whole number of 0 or more, not "${value}".`,
      hint: `Give any number, e.g. --seed 42; the same seed gives ${sameSeedGives}.`,
    });
  }
  return seed;
}
