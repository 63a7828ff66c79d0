import { BatonError } from '../core/errors.js';

export interface RetryPolicy {
  /** Retries after the first try; 0 turns retrying off. @default 3 */
  maxRetries: number;
  /** The first backoff delay, doubled on each retry. @default 1000 */
  initialDelayMs: number;
  /** The longest backoff delay. @default 30000 */
  maxDelayMs: number;
  /** A server asking to wait longer than this is not retried. @default 120000 */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Reads how long a server asked us to wait: `retry-after-ms`, then `retry-after` as seconds or as an
 * HTTP date. Returns milliseconds, or undefined when the headers say nothing usable.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const milliseconds = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return milliseconds;
  }
  const value = lower['retry-after'];
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `retry` (0-based), or undefined to give up: the server's
 * retry-after when it sent one, else exponential backoff with jitter between half and all of the step.
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  error: unknown,
  random: () => number,
): number | undefined {
  if (!BatonError.isInstance(error) || !error.isRetryable || retry >= policy.maxRetries) return undefined;
  const retryAfterMs = error.details.retryAfterMs;
  if (typeof retryAfterMs === 'number') {
    return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
  }
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}
