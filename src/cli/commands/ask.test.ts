import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { requestKey, writeCassette } from '../../providers/cassette.js';
import { fakeResponses, startFakeOpenAIServer } from '../../testing/index.js';

let repository: TemporaryRepository;
afterEach(() => repository?.remove());

describe('baton ask', () => {
  it('asks a compatible server, records a cassette, replays it offline and records costs', async () => {
    const server = await startFakeOpenAIServer();
    repository = createTemporaryRepository({
      'baton.config.json': JSON.stringify({
        providers: {
          compatible: { local: { baseURL: server.baseURL, model: 'fake-coder' } },
          prices: { 'fake-coder': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } },
        },
      }),
    });
    server.enqueue(fakeResponses.reply('export const add = (a: number, b: number) => a + b;'));
    const live = await runBaton(
      ['ask', 'compatible:local', 'Write', 'add(a, b).', '--record', 'demo'],
      repository.root,
    );
    await server.close();
    expect(live).toMatchObject({
      exitCode: 0,
      stdout: 'export const add = (a: number, b: number) => a + b;\n',
    });

    const replayed = await runBaton(['ask', 'replay:demo', 'Write add(a, b).', '--json'], repository.root);
    expect(replayed.exitCode).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({
      provider: 'replay:demo',
      text: 'export const add = (a: number, b: number) => a + b;',
    });

    const miss = await runBaton(['ask', 'replay:demo', 'Write sub(a, b).'], repository.root);
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr).toContain('No recording');
    expect(miss.stderr).toContain('"Write sub(a, b)."');

    const ledger = await openSqliteLedger({ path: join(repository.root, '.baton', 'ledger.db') });
    const costs = await ledger.rows('costs');
    await ledger.close();
    expect(costs.map((cost) => [cost.provider, cost.usd === null ? null : cost.usd > 0])).toEqual([
      ['compatible:local/fake-coder', true],
      ['replay:demo', false],
    ]);
  });

  it('uses providers.default when the first word is not a provider id', async () => {
    repository = createTemporaryRepository({
      'baton.config.json': JSON.stringify({ providers: { default: 'replay:fixtures/answers.json' } }),
    });
    const request = { messages: [{ role: 'user' as const, content: 'Write add(a, b).' }] };
    writeCassette(join(repository.root, 'fixtures', 'answers.json'), {
      format: 'baton-cassette',
      version: 1,
      interactions: [
        {
          key: requestKey(request),
          provider: 'openai:gpt-5',
          model: 'gpt-5',
          recordedAt: '2026-11-24T09:30:00.000Z',
          request,
          response: {
            text: 'recorded answer',
            finishReason: 'stop',
            usage: { inputTokens: 5, outputTokens: 2 },
          },
        },
      ],
    });
    const result = await runBaton(['ask', 'Write', 'add(a, b).'], repository.root);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'recorded answer\n' });
    const other = createTemporaryRepository();
    try {
      const unnamed = await runBaton(['ask', 'hello'], other.root);
      expect(unnamed.exitCode).toBe(2);
      expect(unnamed.stderr).toContain('no providers.default is configured');
    } finally {
      other.remove();
    }
  });

  it('names both places for a missing key', async () => {
    repository = createTemporaryRepository();
    const result = await runBaton(['ask', 'openai:gpt-5', 'hello'], repository.root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('providers.openai.apiKey');
    expect(result.stderr).toContain('OPENAI_API_KEY');
  });
});
