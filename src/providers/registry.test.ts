import { describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { ollamaBaseURL } from './hosted-providers.js';
import { createProviderRegistry, parseProviderId } from './registry.js';

function caught(run: () => unknown): BatonError {
  try {
    run();
  } catch (error) {
    if (BatonError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a BatonError');
}

const registry = (env: Record<string, string> = {}) =>
  createProviderRegistry({
    settings: { compatible: { vllm: { baseURL: 'http://127.0.0.1:8000/v1', model: 'llama' } } },
    root: '/project',
    dataDir: '/project/.baton',
    env,
  });

describe('provider ids', () => {
  it('parses every kind', () => {
    expect(parseProviderId('openai:gpt-5')).toEqual({ kind: 'openai', name: 'gpt-5' });
    expect(parseProviderId('compatible:vllm/meta-llama/Llama-3')).toEqual({
      kind: 'compatible',
      name: 'vllm/meta-llama/Llama-3',
    });
    expect(parseProviderId('manual')).toEqual({ kind: 'manual', name: '' });
    expect(parseProviderId('replay:demo')).toEqual({ kind: 'replay', name: 'demo' });
  });

  it('suggests the closest kind for a typo', () => {
    const error = caught(() => parseProviderId('opnai:gpt-5'));
    expect(error.code).toBe('PROVIDER_UNKNOWN');
    expect(error.message).toContain('Did you mean "openai:…"?');
    expect(caught(() => parseProviderId('openai:')).message).toContain('names no model');
  });

  it('names both the config key and the variable when an API key is missing', () => {
    const error = caught(() => registry().resolve('openai:gpt-5'));
    expect(error.code).toBe('PROVIDER_KEY_MISSING');
    expect(error.message).toContain('providers.openai.apiKey');
    expect(error.message).toContain('OPENAI_API_KEY');
    const anthropic = caught(() => registry().resolve('anthropic:claude-sonnet-4-5'));
    expect(anthropic.message).toContain('providers.anthropic.apiKey');
    expect(anthropic.message).toContain('ANTHROPIC_API_KEY');
    expect(registry({ OPENAI_API_KEY: 'sk-x' }).resolve('openai:gpt-5').id).toBe('openai:gpt-5');
  });

  it('resolves compatible servers by name and suggests a near name', () => {
    expect(registry().resolve('compatible:vllm').id).toBe('compatible:vllm/llama');
    expect(registry().resolve('compatible:vllm/qwen').model).toBe('qwen');
    expect(caught(() => registry().resolve('compatible:vlm')).message).toContain('Did you mean "vllm"?');
  });

  it('maps ollama ids to its OpenAI-compatible endpoint', () => {
    expect(registry().resolve('ollama:llama3.1')).toMatchObject({
      id: 'ollama:llama3.1',
      kind: 'ollama',
      model: 'llama3.1',
    });
    expect(ollamaBaseURL(undefined, {})).toBe('http://127.0.0.1:11434/v1');
    expect(ollamaBaseURL(undefined, { OLLAMA_HOST: '10.0.0.5:11434' })).toBe('http://10.0.0.5:11434/v1');
    expect(ollamaBaseURL(undefined, { OLLAMA_HOST: 'https://gpu.example/' })).toBe('https://gpu.example/v1');
    expect(ollamaBaseURL('http://box:1/v1', { OLLAMA_HOST: 'x' })).toBe('http://box:1/v1');
  });
});

describe('per-provider limits', () => {
  it('shares one concurrency limit between every use of the same provider id', async () => {
    const { startFakeOpenAIServer, fakeResponses } = await import('../testing/index.js');
    const server = await startFakeOpenAIServer();
    try {
      const limited = createProviderRegistry({
        settings: {
          compatible: { slow: { baseURL: server.baseURL, model: 'm', limits: { concurrency: 1 } } },
          retries: { maxRetries: 0 },
        },
        root: '/project',
        dataDir: '/project/.baton',
        env: {},
      });
      server.enqueue(fakeResponses.hang(), fakeResponses.reply('second'));
      const controller = new AbortController();
      const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
      const first = limited.resolve('compatible:slow').generate({ ...ask, signal: controller.signal });
      while (server.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = limited.resolve('compatible:slow').generate(ask);
      await new Promise((resolve) => setTimeout(resolve, 150));
      // The second call is held back while the first is in flight.
      expect(server.requests).toHaveLength(1);
      controller.abort();
      await expect(first).rejects.toMatchObject({ code: 'PROVIDER_CANCELLED' });
      expect((await second).text).toBe('second');
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
