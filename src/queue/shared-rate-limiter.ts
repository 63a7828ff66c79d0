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

const windowMs = 60_000;

// One sliding minute per provider id, kept in a sorted set scored by Redis's own clock (so the
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

export interface SharedRateLimits {
  /** Limiters for `createProvidersFromConfig`: requests and tokens per minute shared through Redis. */
  createLimiter(providerId: string, limits: RateLimits): ProviderLimiter;
  close(): Promise<void>;
}

/**
 * Provider rate limits held across every worker of a Redis queue: each call takes its place in one
 * sliding minute per provider id in Redis before it is sent, so N workers together stay inside the
 * limit a provider account has. Calls at once (`limits.concurrency`) stay a per-process cap.
 */
export function createSharedRateLimits(connection: RedisConnectionSettings): SharedRateLimits {
  const client = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 3 });
  const limiters = new Map<string, ProviderLimiter>();
  const run = async (script: string, key: string, args: (string | number)[]): Promise<number> => {
    try {
      return Number(await client.eval(script, 1, key, ...args.map(String)));
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

  const create = (providerId: string, limits: RateLimits): ProviderLimiter => {
    const key = `baton:provider-limits:${providerId}`;
    const local =
      limits.concurrency !== undefined ? new RateLimiter({ concurrency: limits.concurrency }) : undefined;
    return {
      async acquire(estimatedTokens, signal): Promise<RateLimitPermit> {
        const slot = await local?.acquire(0, signal);
        const call = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
        const tokens = Math.max(0, Math.round(estimatedTokens));
        try {
          for (;;) {
            if (signal?.aborted) throw signal.reason;
            const waitMs = await run(takeScript, key, [
              limits.requestsPerMinute ?? -1,
              limits.tokensPerMinute ?? -1,
              tokens,
              call,
              windowMs,
            ]);
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
            if (actualTokens === undefined || actualTokens === tokens) return;
            void run(settleScript, key, [`${call}:${tokens}`, `${call}:${Math.max(0, actualTokens)}`]).catch(
              () => {},
            );
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
    async close() {
      client.disconnect();
    },
  };
}
