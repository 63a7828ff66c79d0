import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../testing/index.js';
import { createAnthropicProvider, createCompatibleProvider } from './hosted-providers.js';
import type { GenerateRequest, Provider } from './provider.js';
import type { CallRetryEvent } from './provider-observer.js';
import { withReliability } from './reliable-provider.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
});

const request: GenerateRequest = { messages: [{ role: 'user', content: 'Write add(a, b).' }] };

/** A compatible provider over the fake server with waits recorded instead of slept. */
function reliable(options: { maxRetries?: number; timeoutMs?: number; inner?: Provider } = {}) {
  const waits: number[] = [];
  const retries: CallRetryEvent[] = [];
  const provider = withReliability(
    options.inner ?? createCompatibleProvider({ name: 'fake', model: 'fake-model', baseURL: server.baseURL }),
    {
      retry: { maxRetries: options.maxRetries ?? 2, initialDelayMs: 100, maxDelayMs: 1_000 },
      timeoutMs: options.timeoutMs ?? 10_000,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
      random: () => 1,
      observers: [{ onCallRetry: (event) => void retries.push(event) }],
    },
  );
  return { provider, waits, retries };
}

async function failure(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!BatonError.isInstance(error)) throw new Error(`expected a BatonError, got ${String(error)}`);
  return error;
}

describe('fault injection through the real SDK over real HTTP', () => {
  it('429 with retry-after: waits exactly what the server asked, then succeeds', async () => {
    server.enqueue(fakeResponses.rateLimit(2), fakeResponses.rateLimit(1), fakeResponses.reply('ok'));
    const { provider, waits, retries } = reliable();
    const result = await provider.generate(request);
    expect(result.text).toBe('ok');
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([2_000, 1_000]);
    expect(retries.map((event) => event.error.code)).toEqual([
      'PROVIDER_RATE_LIMITED',
      'PROVIDER_RATE_LIMITED',
    ]);
  });

  it('429 every time: gives up after maxRetries with PROVIDER_RATE_LIMITED and the attempt count', async () => {
    server.enqueue(fakeResponses.rateLimit(1), fakeResponses.rateLimit(1), fakeResponses.rateLimit(1));
    const { provider } = reliable({ maxRetries: 2 });
    const error = await failure(provider.generate(request));
    expect(error.code).toBe('PROVIDER_RATE_LIMITED');
    expect(error.details).toMatchObject({ attempts: 3, retryAfterMs: 1_000, status: 429 });
    expect(server.requests).toHaveLength(3);
  });

  it('retry-after-ms wins over retry-after, and a too-long retry-after is not waited for', async () => {
    server.enqueue(fakeResponses.rateLimit(5, 250), fakeResponses.reply('ok'));
    const first = reliable();
    await first.provider.generate(request);
    expect(first.waits).toEqual([250]);
    server.enqueue(fakeResponses.rateLimit(3600));
    const second = reliable();
    const error = await failure(second.provider.generate(request));
    expect(error.details.attempts).toBe(1);
    expect(second.waits).toEqual([]);
  });

  it('500: retries with exponential backoff and jitter, then fails with PROVIDER_SERVER_ERROR', async () => {
    server.enqueue(fakeResponses.serverError(), fakeResponses.serverError(), fakeResponses.serverError(503));
    const { provider, waits } = reliable({ maxRetries: 2 });
    const error = await failure(provider.generate(request));
    expect(error.code).toBe('PROVIDER_SERVER_ERROR');
    expect(error.details).toMatchObject({ attempts: 3, status: 503 });
    // random() = 1 gives the full step: 100 ms, then 200 ms.
    expect(waits).toEqual([100, 200]);
    expect(server.requests).toHaveLength(3);
  });

  it('a hang: each try is aborted at the timeout and the call fails with PROVIDER_TIMEOUT', async () => {
    server.enqueue(fakeResponses.hang(), fakeResponses.hang());
    const { provider } = reliable({ maxRetries: 1, timeoutMs: 300 });
    const error = await failure(provider.generate(request));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(error.details).toMatchObject({ attempts: 2, timeoutMs: 300 });
    expect(server.requests).toHaveLength(2);
  });

  it('a hang followed by an answer: the retry succeeds', async () => {
    server.enqueue(fakeResponses.hang(), fakeResponses.reply('late but fine'));
    const { provider, retries } = reliable({ maxRetries: 1, timeoutMs: 300 });
    expect((await provider.generate(request)).text).toBe('late but fine');
    expect(retries.map((event) => event.error.code)).toEqual(['PROVIDER_TIMEOUT']);
  });

  it('malformed JSON: retried, then PROVIDER_RESPONSE_INVALID', async () => {
    server.enqueue(fakeResponses.malformedJson(), fakeResponses.malformedJson());
    const { provider } = reliable({ maxRetries: 1 });
    const error = await failure(provider.generate(request));
    expect(error.code).toBe('PROVIDER_RESPONSE_INVALID');
    expect(error.details.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('a truncated stream: retried, then PROVIDER_STREAM_TRUNCATED', async () => {
    server.enqueue(fakeResponses.truncatedStream(), fakeResponses.truncatedStream());
    const { provider } = reliable({ maxRetries: 1 });
    const deltas: string[] = [];
    const error = await failure(
      provider.generate({ ...request, onTextDelta: (delta) => deltas.push(delta) }),
    );
    expect(error.code).toBe('PROVIDER_STREAM_TRUNCATED');
    expect(error.details.attempts).toBe(2);
    expect(server.requests.every((received) => received.stream)).toBe(true);
  });

  it('a truncated stream then a whole one: streams the answer', async () => {
    server.enqueue(fakeResponses.truncatedStream(), fakeResponses.reply('streamed answer', { chunks: 4 }));
    const { provider } = reliable({ maxRetries: 1 });
    const deltas: string[] = [];
    const result = await provider.generate({ ...request, onTextDelta: (delta) => deltas.push(delta) });
    expect(result.text).toBe('streamed answer');
    expect(deltas.length).toBeGreaterThan(1);
  });

  it('a truncated JSON body: PROVIDER_STREAM_TRUNCATED after retries', async () => {
    server.enqueue(fakeResponses.truncatedStream(), fakeResponses.truncatedStream());
    const { provider } = reliable({ maxRetries: 1 });
    const error = await failure(provider.generate(request));
    expect(error.code).toBe('PROVIDER_STREAM_TRUNCATED');
    expect(error.details.attempts).toBe(2);
  });

  it('401 is not retried', async () => {
    server.enqueue(fakeResponses.error(401, { error: { message: 'bad key', type: 'invalid_api_key' } }));
    const { provider } = reliable();
    const error = await failure(provider.generate(request));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.details.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('cancellation: aborting the caller signal stops a hanging call without retrying', async () => {
    server.enqueue(fakeResponses.hang(), fakeResponses.reply('never used'));
    const { provider } = reliable({ maxRetries: 3 });
    const controller = new AbortController();
    const pending = provider.generate({ ...request, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await failure(pending);
    expect(error.code).toBe('PROVIDER_CANCELLED');
    expect(server.requests).toHaveLength(1);
  });

  it('an unreachable server: PROVIDER_UNREACHABLE after retries', async () => {
    const closed = await startFakeOpenAIServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const { provider } = reliable({
      maxRetries: 1,
      inner: createCompatibleProvider({ name: 'gone', model: 'm', baseURL }),
    });
    const error = await failure(provider.generate(request));
    expect(error.code).toBe('PROVIDER_UNREACHABLE');
    expect(error.details.attempts).toBe(2);
  });

  it('the Anthropic factory maps a 429 in its own error shape the same way', async () => {
    server.enqueue(fakeResponses.rateLimit(1), fakeResponses.reply('from claude'));
    const inner = createAnthropicProvider({
      model: 'claude-test',
      apiKey: 'sk-ant-test',
      baseURL: server.baseURL,
    });
    const { provider, waits } = reliable({ inner });
    expect((await provider.generate(request)).text).toBe('from claude');
    expect(waits).toEqual([1_000]);
    expect(server.requests[0]?.path).toBe('/v1/messages');
    expect(server.requests[0]?.headers['x-api-key']).toBe('sk-ant-test');
  });
});

describe('the same faults through the Anthropic SDK over the messages API shape', () => {
  const anthropic = () =>
    createAnthropicProvider({ model: 'claude-test', apiKey: 'sk-ant-test', baseURL: server.baseURL });

  it('500 then 529-style overload: retried, then PROVIDER_SERVER_ERROR with the attempt count', async () => {
    server.enqueue(fakeResponses.serverError(), fakeResponses.serverError(529));
    const { provider, waits } = reliable({ maxRetries: 1, inner: anthropic() });
    const error = await failure(provider.generate({ ...request, maxOutputTokens: 100 }));
    expect(error.code).toBe('PROVIDER_SERVER_ERROR');
    expect(error.details).toMatchObject({ attempts: 2, status: 529 });
    expect(waits).toEqual([100]);
  });

  it('malformed JSON: PROVIDER_RESPONSE_INVALID after retries', async () => {
    server.enqueue(fakeResponses.malformedJson(), fakeResponses.malformedJson());
    const { provider } = reliable({ maxRetries: 1, inner: anthropic() });
    const error = await failure(provider.generate({ ...request, maxOutputTokens: 100 }));
    expect(error.code).toBe('PROVIDER_RESPONSE_INVALID');
    expect(error.details.attempts).toBe(2);
  });

  it('a truncated stream: PROVIDER_STREAM_TRUNCATED after retries', async () => {
    server.enqueue(fakeResponses.truncatedStream(), fakeResponses.truncatedStream());
    const { provider } = reliable({ maxRetries: 1, inner: anthropic() });
    const error = await failure(
      provider.generate({ ...request, maxOutputTokens: 100, onTextDelta: () => {} }),
    );
    expect(error.code).toBe('PROVIDER_STREAM_TRUNCATED');
    expect(error.details.attempts).toBe(2);
  });

  it('a hang: PROVIDER_TIMEOUT', async () => {
    server.enqueue(fakeResponses.hang());
    const { provider } = reliable({ maxRetries: 0, timeoutMs: 200, inner: anthropic() });
    const error = await failure(provider.generate({ ...request, maxOutputTokens: 100 }));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(error.details.attempts).toBe(1);
  });
});
