import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

/** A limiter on a clock that only moves when it sleeps, recording every wait. */
function limiterWithClock(limits: ConstructorParameters<typeof RateLimiter>[0]) {
  let now = 0;
  const waits: number[] = [];
  const limiter = new RateLimiter(limits, {
    now: () => now,
    sleep: async (milliseconds) => {
      waits.push(milliseconds);
      now += milliseconds;
    },
  });
  return { limiter, waits, advance: (milliseconds: number) => (now += milliseconds) };
}

describe('RateLimiter', () => {
  it('holds requests per minute over a sliding window', async () => {
    const { limiter, waits, advance } = limiterWithClock({ requestsPerMinute: 2 });
    (await limiter.acquire(1)).release();
    advance(10_000);
    (await limiter.acquire(1)).release();
    (await limiter.acquire(1)).release();
    // The third waits until the first leaves the window, 50 s later.
    expect(waits).toEqual([50_000]);
  });

  it('holds tokens per minute using the tokens really used', async () => {
    const { limiter, waits } = limiterWithClock({ tokensPerMinute: 1_000 });
    const first = await limiter.acquire(900);
    first.release(200);
    (await limiter.acquire(700)).release(700);
    expect(waits).toEqual([]);
    (await limiter.acquire(500)).release();
    expect(waits).toEqual([60_000]);
  });

  it('lets one call larger than the whole token budget through an empty window', async () => {
    const { limiter, waits } = limiterWithClock({ tokensPerMinute: 100 });
    (await limiter.acquire(5_000)).release();
    expect(waits).toEqual([]);
  });

  it('caps concurrency and hands the slot to the next waiter in order', async () => {
    const limiter = new RateLimiter({ concurrency: 2 });
    const order: string[] = [];
    const first = await limiter.acquire(1);
    const second = await limiter.acquire(1);
    const third = limiter.acquire(1).then((permit) => {
      order.push('third');
      return permit;
    });
    const fourth = limiter.acquire(1).then((permit) => {
      order.push('fourth');
      return permit;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first.release();
    (await third).release();
    second.release();
    (await fourth).release();
    expect(order).toEqual(['third', 'fourth']);
  });

  it('gives up waiting when the caller cancels', async () => {
    const limiter = new RateLimiter({ concurrency: 1 });
    const held = await limiter.acquire(1);
    const controller = new AbortController();
    const waiting = limiter.acquire(1, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held.release();
    (await limiter.acquire(1)).release();
  });
});
