import { randomFillSync } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let lastRandom: Uint8Array = new Uint8Array(10);
// Random bytes drawn in bulk: one system call for hundreds of ids instead of one for each.
const pool = new Uint8Array(4000);
let poolOffset = pool.length;

function randomTenBytes(): Uint8Array {
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 10;
  return pool.slice(poolOffset - 10, poolOffset);
}

function encode(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += alphabet[(value << (5 - bits)) & 31];
  return output.slice(0, length);
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let index = next.length - 1; index >= 0; index--) {
    const byte = next[index] ?? 0;
    if (byte < 255) {
      next[index] = byte + 1;
      return next;
    }
    next[index] = 0;
  }
  return next;
}

/**
 * A time-ordered unique id such as `run_0e5v3k8d1q7z2m4c9b6x0a1h5f`: ids made later sort later, even
 * within one millisecond, so ledger rows read back in the order they were written.
 */
export function createId(prefix: string, now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomTenBytes();
  }
  const time = new Uint8Array(6);
  let remaining = Math.max(now, lastTime);
  for (let index = 5; index >= 0; index--) {
    time[index] = remaining % 256;
    remaining = Math.floor(remaining / 256);
  }
  return `${prefix}_${encode(time, 10)}${encode(lastRandom, 16)}`;
}
