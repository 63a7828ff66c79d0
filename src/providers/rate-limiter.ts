import { BatonError } from '../core/errors.js';

export interface RateLimits {
  /** Calls in flight at once. @default unlimited */
  concurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface RateLimiterOptions {
  now?: () => number;
  /** Waits; tests pass one that moves a manual clock. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

/** A reservation: call `release` with the tokens the call really used once it is over. */
export interface RateLimitPermit {
  release(actualTokens?: number): void;
}

/** What the reliability layer asks before each call: in-process here, or shared by processes elsewhere. */
export interface ProviderLimiter {
  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<RateLimitPermit>;
}

/** Builds the limiter of one provider id from its configured limits. */
export type CreateProviderLimiter = (providerId: string, limits: RateLimits) => ProviderLimiter;

const windowMs = 60_000;

export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Keeps one provider inside its limits: a concurrency cap, and requests and tokens per minute over a
 * sliding one-minute window. A single call larger than the token budget still runs when the window
 * is empty, rather than waiting forever.
 */
export class RateLimiter implements ProviderLimiter {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly window: { at: number; tokens: number }[] = [];
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    private readonly limits: RateLimits,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  async acquire(estimatedTokens: number, signal?: AbortSignal): Promise<RateLimitPermit> {
    await this.takeSlot(signal);
    try {
      const entry = await this.takeWindow(estimatedTokens, signal);
      let released = false;
      return {
        release: (actualTokens) => {
          if (released) return;
          released = true;
          if (actualTokens !== undefined) entry.tokens = actualTokens;
          this.freeSlot();
        },
      };
    } catch (error) {
      this.freeSlot();
      throw error;
    }
  }

  private async takeSlot(signal?: AbortSignal): Promise<void> {
    const limit = this.limits.concurrency;
    if (limit === undefined || this.active < limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(wake);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      this.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private freeSlot(): void {
    this.active--;
    this.waiters.shift()?.();
  }

  private async takeWindow(tokens: number, signal?: AbortSignal): Promise<{ at: number; tokens: number }> {
    const { requestsPerMinute, tokensPerMinute } = this.limits;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const now = this.now();
      while (this.window.length > 0 && (this.window[0]?.at ?? 0) <= now - windowMs) this.window.shift();
      const used = this.window.reduce((sum, entry) => sum + entry.tokens, 0);
      const requestsFit = requestsPerMinute === undefined || this.window.length < requestsPerMinute;
      const tokensFit =
        tokensPerMinute === undefined || this.window.length === 0 || used + tokens <= tokensPerMinute;
      if (requestsFit && tokensFit) {
        const entry = { at: now, tokens };
        this.window.push(entry);
        return entry;
      }
      const oldest = this.window[0];
      if (!oldest) {
        throw new BatonError({ code: 'INTERNAL', message: 'The rate limiter window is empty yet full.' });
      }
      await this.sleep(Math.max(1, oldest.at + windowMs - now), signal);
    }
  }
}
