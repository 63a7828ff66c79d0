import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createScriptedProvider,
  type FakeOpenAIServer,
  fakeResponses,
  startFakeOpenAIServer,
} from './index.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({
    respond: (request) => fakeResponses.reply(`echo: ${request.lastUserText}`),
  });
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the fake OpenAI-compatible server', () => {
  it('serves scripted steps first, then the respond function, and records requests', async () => {
    server.enqueue(fakeResponses.reply('scripted', { usage: { inputTokens: 3, outputTokens: 4 } }));
    const first = await (
      await post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'a' }] })
    ).json();
    expect(first).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'scripted' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
    const second = await (
      await post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'b' }] })
    ).json();
    expect(second).toMatchObject({ choices: [{ message: { content: 'echo: b' } }] });
    expect(server.requests.slice(-2).map((request) => request.lastUserText)).toEqual(['a', 'b']);
  });

  it('streams server-sent events ending with [DONE]', async () => {
    server.enqueue(fakeResponses.reply('abcdef', { chunks: 3 }));
    const text = await (
      await post('/v1/chat/completions', { model: 'm', stream: true, messages: [] })
    ).text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const deltas = events
      .slice(0, -1)
      .map((event) => JSON.parse(event.slice('data: '.length)))
      .flatMap((chunk) =>
        chunk.choices.map((choice: { delta: { content?: string } }) => choice.delta.content ?? ''),
      );
    expect(deltas.join('')).toBe('abcdef');
  });

  it('injects 429 with retry-after, 500 and malformed JSON', async () => {
    server.enqueue(fakeResponses.rateLimit(7), fakeResponses.serverError(), fakeResponses.malformedJson());
    const limited = await post('/v1/chat/completions', { messages: [] });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await post('/v1/chat/completions', { messages: [] })).status).toBe(500);
    const malformed = await post('/v1/chat/completions', { messages: [] });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
  });

  it('answers unknown routes with 404 and non-JSON bodies with 400', async () => {
    expect((await post('/v1/embeddings', {})).status).toBe(404);
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
  });

  it('says when no scripted response is left', async () => {
    const bare = await startFakeOpenAIServer();
    try {
      const response = await fetch(`${bare.baseURL}/chat/completions`, {
        method: 'POST',
        body: '{"messages":[]}',
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('no scripted response left for request 1');
    } finally {
      await bare.close();
    }
  });

  it('has an in-memory scripted provider for tests without HTTP', async () => {
    const provider = createScriptedProvider(['one']);
    expect((await provider.generate({ messages: [{ role: 'user', content: 'q' }] })).text).toBe('one');
    await expect(provider.generate({ messages: [] })).rejects.toThrow('no answer left for call 2');
  });
});
