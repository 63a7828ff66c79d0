import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { waits } from '../../test/support/limiter-waits.js';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { BatonError } from '../core/errors.js';
import { createPostgresRateLimits, createPostgresWindowStore } from './postgres-rate-limiter.js';
import {
  createSharedLimits,
  type SharedRateLimits,
  type SharedRateLimitsOptions,
  type SharedWindowStore,
} from './shared-rate-limiter.js';

const postgres = inject('postgres');
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const closable of opened.splice(0)) await closable.close();
});

let url = '';
beforeAll(async () => {
  if ('adminUrl' in postgres) url = await createTestDatabase(postgres.adminUrl);
});

/** One worker's view of the limits: a connection pool of its own, as a process on another machine has. */
function worker(options: SharedRateLimitsOptions = {}): SharedRateLimits {
  const limits = createPostgresRateLimits(url, options);
  opened.push(limits);
  return limits;
}

function store(): SharedWindowStore {
  const opening = createPostgresWindowStore(url);
  opened.push(opening);
  return opening;
}

describe.skipIf('skipped' in postgres)('provider rate limits shared through PostgreSQL', () => {
  it('keeps two workers together under one requests-per-minute budget', async () => {
    const providerId = `compatible:${randomUUID()}`;
    const windowMs = 1500;
    const limits = { requestsPerMinute: 3 };
    // When each place was taken lies between the ask and its answer, on this machine's clock.
    const asked: number[] = [];
    const answered: number[] = [];
    const recordingWorker = () => {
      const shared = store();
      return createSharedLimits(
        {
          ...shared,
          async take(place, placeLimits, placeWindowMs) {
            const before = Date.now();
            const waitMs = await shared.take(place, placeLimits, placeWindowMs);
            if (waitMs === 0) {
              asked.push(before);
              answered.push(Date.now());
            }
            return waitMs;
          },
        },
        { windowMs },
      );
    };
    // Two workers starting on an empty database create the table at the same moment.
    const workers = [recordingWorker(), recordingWorker()];
    const started = Date.now();
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 9 }, async (_, index) => {
        const limiter = (workers[index % 2] as SharedRateLimits).createLimiter(providerId, limits);
        const permit = await limiter.acquire(1);
        granted.push(Date.now() - started);
        permit.release(1);
      }),
    );
    const byTime = (left: number, right: number) => left - right;
    asked.sort(byTime);
    answered.sort(byTime);
    granted.sort(byTime);
    // Any three places apart are a window apart: the i-th place was taken by the i-th answer and
    // after the i-th ask, so no window ever held four calls, across both workers.
    expect(answered).toHaveLength(9);
    for (let index = 3; index < answered.length; index++) {
      expect((answered[index] as number) - (asked[index - 3] as number)).toBeGreaterThanOrEqual(windowMs);
    }
    // And no later than the window allows: three at once, the last three in the third window, not a poll later.
    expect(granted.filter((at) => at < windowMs)).toHaveLength(3);
    expect(granted[8]).toBeLessThan(2 * windowMs + 1000);
  }, 30_000);

  it('returns the wait until the oldest call leaves the window, on the database clock', async () => {
    const shared = store();
    const providerId = `compatible:${randomUUID()}`;
    const limits = { requestsPerMinute: 2 };
    const before = Date.now();
    expect(await shared.take({ providerId, call: 'one', tokens: 5 }, limits, 60_000)).toBe(0);
    const afterFirst = Date.now();
    expect(await store().take({ providerId, call: 'two', tokens: 5 }, limits, 60_000)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const askedAt = Date.now();
    const waitMs = await shared.take({ providerId, call: 'three', tokens: 5 }, limits, 60_000);
    const answeredAt = Date.now();
    // The first call was taken between `before` and `afterFirst`; the answer was computed between `askedAt` and `answeredAt`.
    expect(waitMs).toBeGreaterThanOrEqual(60_000 - (answeredAt - before) - 2);
    expect(waitMs).toBeLessThanOrEqual(60_000 - (askedAt - afterFirst) + 2);
    // A refused call takes no place: the window still holds two.
    expect(await shared.take({ providerId, call: 'four', tokens: 5 }, limits, 60_000)).toBeGreaterThan(0);
  }, 30_000);

  it('holds tokens per minute across workers, counting what calls really used', async () => {
    const providerId = `compatible:${randomUUID()}`;
    const limits = { tokensPerMinute: 1000 };
    const first = worker().createLimiter(providerId, limits);
    const second = worker().createLimiter(providerId, limits);
    // Estimated 600, used 300: the window holds 300, so 600 more fit.
    (await first.acquire(600)).release(300);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const held = await second.acquire(600);
    expect(await waits((signal) => first.acquire(200, signal))).toBe(true);
    held.release(100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await waits((signal) => first.acquire(200, signal))).toBe(false);
    // One call larger than the whole budget still goes when the window is empty, rather than never.
    const alone = worker().createLimiter(`compatible:${randomUUID()}`, limits);
    expect(await waits((signal) => alone.acquire(5000, signal))).toBe(false);
  }, 30_000);

  it('keeps calls at once a per-process cap', async () => {
    const limiter = worker().createLimiter(`compatible:${randomUUID()}`, { concurrency: 1 });
    const held = await limiter.acquire(1);
    expect(await waits((signal) => limiter.acquire(1, signal))).toBe(true);
    held.release();
    expect(await waits((signal) => limiter.acquire(1, signal))).toBe(false);
  }, 30_000);

  it('fails with the URL, without its password, when the database does not answer', async () => {
    const limits = createPostgresRateLimits('postgres://baton:hunter2@127.0.0.1:1/baton');
    opened.push(limits);
    const failure = await limits
      .createLimiter('compatible:x', { requestsPerMinute: 1 })
      .acquire(1)
      .catch((error: unknown) => error);
    expect(BatonError.isInstance(failure) && failure.code).toBe('QUEUE_UNREACHABLE');
    expect((failure as BatonError).message).toContain('127.0.0.1:1');
    expect((failure as BatonError).message).not.toContain('hunter2');
  }, 30_000);
});
