/** Token counts a scripted reply reports; estimated from text length when not given. */
export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One scripted answer of the fake server: a reply, or a fault to inject. */
export type FakeStep =
  | {
      type: 'reply';
      text: string;
      /** @default 'stop' */
      finishReason?: 'stop' | 'length';
      usage?: FakeUsage;
      /** How many stream chunks the text is split into when the client streams. @default 3 */
      chunks?: number;
    }
  | { type: 'rate-limit'; retryAfterSeconds?: number; retryAfterMs?: number }
  | { type: 'server-error'; status?: number; message?: string }
  | { type: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { type: 'hang' }
  | { type: 'malformed-json' }
  | { type: 'truncated-stream'; text: string };

/** Builders for the scripted steps, so tests read as a list of what the server will do. */
export const fakeResponses = {
  reply(text: string, options: Omit<Extract<FakeStep, { type: 'reply' }>, 'type' | 'text'> = {}): FakeStep {
    return { type: 'reply', text, ...options };
  },
  /** HTTP 429 with `retry-after` in seconds (and `retry-after-ms` when given). */
  rateLimit(retryAfterSeconds = 1, retryAfterMs?: number): FakeStep {
    return { type: 'rate-limit', retryAfterSeconds, retryAfterMs };
  },
  serverError(status = 500, message = 'The server had an error while processing your request.'): FakeStep {
    return { type: 'server-error', status, message };
  },
  /** Accepts the request and never answers, until the client gives up or the server closes. */
  hang(): FakeStep {
    return { type: 'hang' };
  },
  /** HTTP 200 with a JSON content type and a body that is not JSON. */
  malformedJson(): FakeStep {
    return { type: 'malformed-json' };
  },
  /** Starts the answer (a stream, or a JSON body) and drops the connection half-way. */
  truncatedStream(text = 'The answer starts but never'): FakeStep {
    return { type: 'truncated-stream', text };
  },
  error(status: number, body: unknown, headers?: Record<string, string>): FakeStep {
    return { type: 'error', status, body, headers };
  },
};

/** Splits text into `count` pieces of nearly equal length, none empty unless the text is. */
export function splitText(text: string, count: number): string[] {
  if (text.length === 0) return [''];
  const pieces: string[] = [];
  const size = Math.ceil(text.length / Math.max(1, count));
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

/** A rough token count (four characters a token), used when a step gives no usage. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
