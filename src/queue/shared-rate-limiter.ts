import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BatonError, describeCause } from '../core/index.js';
import {
  abortableSleep,
  type ProviderLimiter,
  RateLimiter,
  type RateLimitPermit,
  type RateLimits,
} from '../providers/rate-limiter.js';
import type { RedisConnectionSettings } from './queue-url.js';

/** The sliding window every shared limit is counted over. */
export const providerLimitWindowMs = 60_000;

export interface SharedRateLimits {
  /** Limiters for `createProvidersFromConfig`: requests and tokens per minute shared by every worker. */
  createLimiter(providerId: string, limits: RateLimits): ProviderLimiter;
  close(): Promise<void>;
}

/** A place in a provider's window: the call's id and the tokens it was estimated to use. */
export interface WindowPlace {
  providerId: string;
  call: string;
  tokens: number;
}

/** Where the shared window lives; each operation is atomic on the server, timed by the server's clock. */
export interface SharedWindowStore {
  /** Takes a place in the window if the limits allow it (0), else says how many milliseconds to wait. */
  take(place: WindowPlace, limits: RateLimits, windowMs: number): Promise<number>;
  /** Replaces a place's estimate with the tokens the call really used, keeping its time. */
  settle(place: WindowPlace, actualTokens: number): Promise<void>;
  close(): Promise<void>;
}

export interface SharedRateLimitsOptions {
  /** Tests shorten the minute. @default 60000 */
  windowMs?: number;
}

/**
 * Provider rate limits held across every worker of a queue: each call takes its place in one
 * sliding minute per provider id on the queue's server before it is sent, so N workers together
 * stay inside the limit a provider account has. Calls at once (`limits.concurrency`) stay a
 * per-process cap.
 */
export function createSharedLimits(
  store: SharedWindowStore,
  options: SharedRateLimitsOptions = {},
): SharedRateLimits {
  const windowMs = options.windowMs ?? providerLimitWindowMs;
  const limiters = new Map<string, ProviderLimiter>();

  const create = (providerId: string, limits: RateLimits): ProviderLimiter => {
    const local =
      limits.concurrency !== undefined ? new RateLimiter({ concurrency: limits.concurrency }) : undefined;
    return {
      async acquire(estimatedTokens, signal): Promise<RateLimitPermit> {
        const slot = await local?.acquire(0, signal);
        const place: WindowPlace = {
          providerId,
          call: `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
          tokens: Math.max(0, Math.round(estimatedTokens)),
        };
        try {
          for (;;) {
            if (signal?.aborted) throw signal.reason;
            const waitMs = await store.take(place, limits, windowMs);
            if (waitMs === 0) break;
            await abortableSleep(waitMs, signal);
          }
        } catch (error) {
          slot?.release();
          throw error;
        }
        let released = false;
        return {
          release(actualTokens) {
            if (released) return;
            released = true;
            slot?.release();
            if (actualTokens === undefined || Math.round(actualTokens) === place.tokens) return;
            void store.settle(place, Math.max(0, Math.round(actualTokens))).catch(() => {});
          },
        };
      },
    };
  };

  return {
    createLimiter(providerId, limits) {
      // One limiter per provider and limits in this process, whichever job's registry asks for it.
      const id = `${providerId} ${JSON.stringify(limits)}`;
      let limiter = limiters.get(id);
      if (!limiter) {
        limiter = create(providerId, limits);
        limiters.set(id, limiter);
      }
      return limiter;
    },
    close: () => store.close(),
  };
}

// One sliding window per provider id, kept in a sorted set scored by Redis's own clock (so the
// machines' clocks do not matter); members are `<call>:<tokens>`. Takes a place or says how long to wait.
const takeScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local count = #entries / 2
local used = 0
for index = 1, #entries, 2 do
  used = used + tonumber(string.match(entries[index], ':(%d+)$'))
end
local requests = tonumber(ARGV[1])
local tokensPerMinute = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
if (requests < 0 or count < requests) and (tokensPerMinute < 0 or count == 0 or used + tokens <= tokensPerMinute) then
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
return math.max(1, tonumber(entries[2]) + window - now)
`;

// Replaces a call's estimate with the tokens it really used, keeping its place in the window.
const settleScript = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], score, ARGV[2])
return 1
`;

/** The shared window in a Redis sorted set per provider id. */
function createRedisWindowStore(connection: RedisConnectionSettings): SharedWindowStore {
  const client = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 3 });
  const key = (providerId: string) => `baton:provider-limits:${providerId}`;
  const run = async (script: string, providerId: string, args: (string | number)[]): Promise<number> => {
    try {
      return Number(await client.eval(script, 1, key(providerId), ...args.map(String)));
    } catch (error) {
      throw new BatonError({
        code: 'QUEUE_UNREACHABLE',
        message: `The provider rate limits shared through Redis at ${connection.host}:${connection.port} could not be read: ${describeCause(error)}.`,
        hint: 'Check that the queue server is up; the call goes ahead once it answers again.',
        isRetryable: true,
        cause: error,
      });
    }
  };
  return {
    take: (place, limits, windowMs) =>
      run(takeScript, place.providerId, [
        limits.requestsPerMinute ?? -1,
        limits.tokensPerMinute ?? -1,
        place.tokens,
        place.call,
        windowMs,
      ]),
    async settle(place, actualTokens) {
      await run(settleScript, place.providerId, [
        `${place.call}:${place.tokens}`,
        `${place.call}:${actualTokens}`,
      ]);
    },
    async close() {
      client.disconnect();
    },
  };
}

/** Provider rate limits shared by every worker of a Redis queue, in the queue's Redis. */
export function createSharedRateLimits(
  connection: RedisConnectionSettings,
  options: SharedRateLimitsOptions = {},
): SharedRateLimits {
  return createSharedLimits(createRedisWindowStore(connection), options);
}
