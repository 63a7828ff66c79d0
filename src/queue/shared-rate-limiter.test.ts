import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { waits } from '../../test/support/limiter-waits.js';
import { parseQueueUrl } from './queue-url.js';
import { createSharedRateLimits, type SharedRateLimits } from './shared-rate-limiter.js';

const redis = inject('redis');
const opened: SharedRateLimits[] = [];
afterEach(async () => {
  for (const limits of opened.splice(0)) await limits.close();
});

/** One worker's view of the limits: a Redis client of its own, as a process on another machine has. */
function worker(): SharedRateLimits {
  if (!('url' in redis)) throw new Error('no Redis');
  const location = parseQueueUrl(`${redis.url}/8`);
  if (location.backend !== 'redis') throw new Error('expected Redis');
  const limits = createSharedRateLimits(location.connection);
  opened.push(limits);
  return limits;
}

describe.skipIf('skipped' in redis)('provider rate limits shared through Redis', () => {
  it('holds requests per minute across workers, not per worker', async () => {
    const providerId = `compatible:${randomUUID()}`;
    const limits = { requestsPerMinute: 3 };
    const [first, second] = [
      worker().createLimiter(providerId, limits),
      worker().createLimiter(providerId, limits),
    ];
    (await first.acquire(10)).release(10);
    (await second.acquire(10)).release(10);
    (await first.acquire(10)).release(10);
    // Each worker made at most two calls, under a per-worker limit of three; together they made three.
    expect(await waits((signal) => second.acquire(10, signal))).toBe(true);
    expect(await waits((signal) => first.acquire(10, signal))).toBe(true);
    // Another provider has a minute of its own.
    const other = worker().createLimiter(`compatible:${randomUUID()}`, limits);
    expect(await waits((signal) => other.acquire(10, signal))).toBe(false);
  }, 30_000);

  it('holds tokens per minute across workers, counting what calls really used', async () => {
    const providerId = `compatible:${randomUUID()}`;
    const limits = { tokensPerMinute: 1000 };
    const first = worker().createLimiter(providerId, limits);
    const second = worker().createLimiter(providerId, limits);
    // Estimated 600, used 300: the window holds 300, so 600 more fit.
    (await first.acquire(600)).release(300);
    const held = await second.acquire(600);
    expect(await waits((signal) => first.acquire(200, signal))).toBe(true);
    held.release(100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await waits((signal) => first.acquire(200, signal))).toBe(false);
  }, 30_000);

  it('keeps calls at once a per-process cap', async () => {
    const limiter = worker().createLimiter(`compatible:${randomUUID()}`, { concurrency: 1 });
    const held = await limiter.acquire(1);
    expect(await waits((signal) => limiter.acquire(1, signal))).toBe(true);
    held.release();
    expect(await waits((signal) => limiter.acquire(1, signal))).toBe(false);
  }, 30_000);
});
