import { afterEach, describe, expect, it } from 'vitest';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../test/support/temporary-repository.js';
import { loadConfig } from '../core/index.js';

let repository: TemporaryRepository;
afterEach(() => repository?.remove());

describe('the providers config key', () => {
  it('is loaded as written, and empty when absent', async () => {
    repository = createTemporaryRepository({
      'baton.config.json': JSON.stringify({
        providers: {
          default: 'compatible:vllm',
          compatible: {
            vllm: { baseURL: 'http://127.0.0.1:8000/v1', model: 'qwen', limits: { concurrency: 2 } },
          },
          prices: { 'openai:*': { inputPerMillionTokens: 1, outputPerMillionTokens: 4 } },
          retries: { maxRetries: 5 },
          timeoutMs: 60_000,
        },
      }),
    });
    const config = await loadConfig({ cwd: repository.root, env: {} });
    expect(config.providers).toMatchObject({
      default: 'compatible:vllm',
      compatible: { vllm: { model: 'qwen', limits: { concurrency: 2 } } },
      retries: { maxRetries: 5 },
    });
    const other = createTemporaryRepository();
    try {
      expect((await loadConfig({ cwd: other.root, env: {} })).providers).toEqual({});
    } finally {
      other.remove();
    }
  });

  it('names the file, line and key of a bad value', async () => {
    repository = createTemporaryRepository({
      'baton.config.json':
        '{\n  "providers": {\n    "compatible": { "vllm": { "baseURL": "not a url" } },\n    "retries": { "maxRetries": -1 }\n  }\n}\n',
    });
    const error = await loadConfig({ cwd: repository.root, env: {} }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    const message = String((error as Error).message);
    expect(message).toContain('providers.compatible.vllm.baseURL');
    expect(message).toContain('providers.retries.maxRetries');
    expect(message).toMatch(/baton\.config\.json:3:/);
  });
});
