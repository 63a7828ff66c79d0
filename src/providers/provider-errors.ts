import { APICallError } from 'ai';
import { BatonError, describeCause } from '../core/errors.js';
import { parseRetryAfter } from './retry-policy.js';

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 6) {
    chain.push(current);
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return chain;
}

function hasCode(error: unknown, codes: readonly string[]): string | undefined {
  for (const link of causeChain(error)) {
    const code = typeof link === 'object' && link !== null && 'code' in link ? String(link.code) : undefined;
    if (code && codes.includes(code)) return code;
  }
  return undefined;
}

function looksTruncated(error: unknown): boolean {
  return causeChain(error).some(
    (link) =>
      link instanceof Error &&
      (/\bterminated\b|premature close|other side closed/i.test(link.message) ||
        hasCode(link, ['UND_ERR_SOCKET', 'ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE']) !== undefined),
  );
}

/**
 * Turns whatever the AI SDK or fetch threw into a BatonError with a stable `PROVIDER_*` code, marking
 * which faults are worth retrying and carrying the server's retry-after in `details.retryAfterMs`.
 */
export function toProviderError(
  error: unknown,
  providerId: string,
  phase: 'request' | 'stream' = 'request',
): BatonError {
  if (BatonError.isInstance(error)) return error;
  const details: Record<string, unknown> = { provider: providerId };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    details.status = status;
    details.url = error.url;
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(error.responseHeaders);
      if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
      return new BatonError({
        code: 'PROVIDER_RATE_LIMITED',
        message: `${providerId} is rate limiting requests (HTTP 429${retryAfterMs !== undefined ? `, retry after ${retryAfterMs} ms` : ''}).`,
        hint: 'Lower providers.<kind>.limits (requestsPerMinute, tokensPerMinute, concurrency) or wait and rerun.',
        isRetryable: true,
        cause: error,
        details,
      });
    }
    if (status === 401 || status === 403) {
      return new BatonError({
        code: 'PROVIDER_AUTH_FAILED',
        message: `${providerId} refused the API key (HTTP ${status}).`,
        hint: 'Check the key in baton.config.ts or in the environment variable for this provider.',
        cause: error,
        details,
      });
    }
    if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
      return new BatonError({
        code: 'PROVIDER_SERVER_ERROR',
        message: `${providerId} failed with HTTP ${status}: ${error.message}`,
        hint: 'This is usually temporary; Baton retried with backoff. Rerun later or pick another provider.',
        isRetryable: true,
        cause: error,
        details,
      });
    }
    if (status !== undefined && status >= 400) {
      return new BatonError({
        code: 'PROVIDER_REQUEST_REJECTED',
        message: `${providerId} rejected the request (HTTP ${status}): ${error.message}`,
        hint: 'Check the model name and the request options; the message above is the server’s own.',
        cause: error,
        details,
      });
    }
    if (status !== undefined && status < 300) {
      return invalidResponse(error, providerId, details, phase);
    }
  }
  if (
    error instanceof Error &&
    /JSONParseError|TypeValidationError|InvalidResponseDataError/.test(error.name)
  ) {
    return invalidResponse(error, providerId, details, phase);
  }
  const networkCode = hasCode(error, [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
  ]);
  if (networkCode) {
    return new BatonError({
      code: 'PROVIDER_UNREACHABLE',
      message: `Could not reach ${providerId} (${networkCode}).`,
      hint: 'Check the base URL in providers.<kind>.baseURL and that the server is running.',
      isRetryable: true,
      cause: error,
      details: { ...details, networkCode },
    });
  }
  if (looksTruncated(error)) {
    return new BatonError({
      code: 'PROVIDER_STREAM_TRUNCATED',
      message: `The connection to ${providerId} closed before the answer was complete: ${describeCause(error)}`,
      hint: 'Usually a network or proxy fault; Baton retried. Rerun if it persists.',
      isRetryable: true,
      cause: error,
      details,
    });
  }
  return new BatonError({
    code: 'PROVIDER_SERVER_ERROR',
    message: `${providerId} failed: ${describeCause(error)}`,
    hint: 'Run with --debug for the cause.',
    isRetryable: false,
    cause: error,
    details,
  });
}

function invalidResponse(
  error: unknown,
  providerId: string,
  details: Record<string, unknown>,
  phase: 'request' | 'stream',
): BatonError {
  if (looksTruncated(error)) {
    return new BatonError({
      code: 'PROVIDER_STREAM_TRUNCATED',
      message: `The answer from ${providerId} was cut off before it was complete.`,
      hint: 'Usually a network or proxy fault; Baton retried. Rerun if it persists.',
      isRetryable: true,
      cause: error,
      details,
    });
  }
  return new BatonError({
    code: 'PROVIDER_RESPONSE_INVALID',
    message: `${providerId} sent a ${phase === 'stream' ? 'stream' : 'response'} that is not valid JSON of the expected shape: ${describeCause(error).slice(0, 300)}`,
    hint: 'A proxy between Baton and the server may be rewriting responses; Baton retried. Check the base URL.',
    isRetryable: true,
    cause: error,
    details,
  });
}
