import { BatonError } from '../core/errors.js';
import { createId } from '../core/index.js';
import { estimateTokens, type GenerateRequest, type Provider, renderPromptText } from './provider.js';
import { toProviderError } from './provider-errors.js';
import type { ProviderObserver } from './provider-observer.js';
import { abortableSleep, type ProviderLimiter, type RateLimitPermit } from './rate-limiter.js';
import { defaultRetryPolicy, type RetryPolicy, retryDelay } from './retry-policy.js';

export interface ReliabilityOptions {
  retry?: Partial<RetryPolicy>;
  /** Shared by every provider with the same id, so limits hold across concurrent callers. */
  limiter?: ProviderLimiter;
  /** Time allowed for one try; a try that runs over is aborted and counts as a retryable timeout. @default 120000 */
  timeoutMs?: number;
  observers?: readonly ProviderObserver[];
  /** Injected in tests to record waits instead of sleeping. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

function cancelledError(providerId: string, reason: unknown): BatonError {
  return new BatonError({
    code: 'PROVIDER_CANCELLED',
    message: `The call to ${providerId} was cancelled.`,
    hint: 'Cancelled by the caller (Ctrl-C or a stopped run); rerun to try again.',
    cause: reason,
    details: { provider: providerId },
  });
}

function timeoutError(providerId: string, timeoutMs: number): BatonError {
  return new BatonError({
    code: 'PROVIDER_TIMEOUT',
    message: `${providerId} did not answer within ${timeoutMs} ms.`,
    hint: 'Raise providers.timeoutMs for slow models, or check that the server is not stuck.',
    isRetryable: true,
    details: { provider: providerId, timeoutMs },
  });
}

async function notify<Event>(
  observers: readonly ProviderObserver[],
  pick: (observer: ProviderObserver) => ((event: Event) => unknown) | undefined,
  event: Event,
): Promise<void> {
  for (const observer of observers) await pick(observer)?.call(observer, event);
}

/**
 * Wraps a provider with what every call needs: rate limits, a timeout per try, cancellation, retries
 * with exponential backoff and jitter that honour retry-after, and observers told of each step. The
 * final error carries `details.attempts`.
 */
export function withReliability(inner: Provider, options: ReliabilityOptions = {}): Provider {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const observers = options.observers ?? [];
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;

  async function tryOnce(request: GenerateRequest) {
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let permit: RateLimitPermit | undefined;
    let usedTokens: number | undefined;
    try {
      // Waiting for the limiter ends on cancellation; the timeout starts once the request may go.
      permit = await options.limiter?.acquire(
        estimateTokens(renderPromptText(request)) + (request.maxOutputTokens ?? 0),
        controller.signal,
      );
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(timeoutError(inner.id, timeoutMs));
      }, timeoutMs);
      const result = await inner.generate({ ...request, signal: controller.signal });
      usedTokens = result.usage.inputTokens + result.usage.outputTokens;
      return result;
    } catch (error) {
      if (timedOut) throw timeoutError(inner.id, timeoutMs);
      if (request.signal?.aborted) throw cancelledError(inner.id, request.signal.reason);
      throw toProviderError(error, inner.id);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
      permit?.release(usedTokens);
    }
  }

  return {
    id: inner.id,
    kind: inner.kind,
    model: inner.model,
    async generate(request) {
      const callId = createId('call');
      const startedAt = new Date().toISOString();
      const started = performance.now();
      await notify(observers, (observer) => observer.onCallStart, {
        callId,
        provider: inner.id,
        request,
        startedAt,
      });
      for (let attempt = 1; ; attempt++) {
        try {
          if (request.signal?.aborted) throw cancelledError(inner.id, request.signal.reason);
          const result = await tryOnce(request);
          const durationMs = Math.round(performance.now() - started);
          await notify(observers, (observer) => observer.onCallEnd, {
            callId,
            provider: inner.id,
            request,
            result,
            attempts: attempt,
            durationMs,
            startedAt,
          });
          return result;
        } catch (caught) {
          const error = BatonError.isInstance(caught) ? caught : toProviderError(caught, inner.id);
          const delayMs = request.signal?.aborted
            ? undefined
            : retryDelay(policy, attempt - 1, error, random);
          if (delayMs === undefined) {
            error.details.attempts = attempt;
            await notify(observers, (observer) => observer.onCallError, {
              callId,
              provider: inner.id,
              request,
              error,
              attempts: attempt,
              durationMs: Math.round(performance.now() - started),
            });
            throw error;
          }
          await notify(observers, (observer) => observer.onCallRetry, {
            callId,
            provider: inner.id,
            attempt,
            error,
            delayMs,
          });
          try {
            await sleep(delayMs, request.signal);
          } catch (reason) {
            const cancelled = cancelledError(inner.id, reason);
            cancelled.details.attempts = attempt;
            throw cancelled;
          }
        }
      }
    },
  };
}
