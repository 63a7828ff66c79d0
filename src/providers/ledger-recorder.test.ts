import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../ledger/index.js';
import { openSqliteLedger } from '../ledger/index.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../testing/index.js';
import { costOf } from './prices.js';
import { createRedactor } from './redact.js';
import { createProvidersFromConfig } from './setup.js';

let server: FakeOpenAIServer;
let root: string;
let ledger: LedgerStore;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await ledger?.close();
  rmSync(root, { recursive: true, force: true });
  server.reset();
});

const apiKey = 'sk-configured-0123456789abcdefghij';
const envFileSecret = 'db-password-from-dotenv-42';

async function setUp(log?: (line: string) => void) {
  root = mkdtempSync(join(tmpdir(), 'baton-recorder-'));
  writeFileSync(
    join(root, '.env'),
    `# local settings\nDATABASE_URL="postgres://app:${envFileSecret}@db/app"\nPLAIN=${envFileSecret}\n`,
  );
  ledger = await openSqliteLedger({ path: join(root, 'ledger.db') });
  const { registry } = createProvidersFromConfig(
    {
      root,
      dataDir: join(root, '.baton'),
      providers: {
        openai: { apiKey, baseURL: server.baseURL },
        prices: { 'openai:gpt-test': { inputPerMillionTokens: 2, outputPerMillionTokens: 8 } },
        retries: { maxRetries: 1, initialDelayMs: 1 },
      },
    },
    { ledger, env: { GITHUB_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123' }, log },
  );
  return registry;
}

describe('recording calls in the ledger', () => {
  it('writes one prompt, response and cost row per call, priced and redacted', async () => {
    const registry = await setUp();
    server.enqueue(
      fakeResponses.reply(`Use ${envFileSecret} and Authorization: Bearer abc.def.ghijklmnop`, {
        usage: { inputTokens: 1000, outputTokens: 500 },
      }),
    );
    const provider = registry.resolve('openai:gpt-test');
    await provider.generate({
      messages: [
        {
          role: 'user',
          content: `My key is ${apiKey}, my token ghp_abcdefghijklmnopqrstuvwxyz0123 and the db ${envFileSecret}.`,
        },
      ],
    });
    const [prompt] = await ledger.rows('prompts');
    const [response] = await ledger.rows('responses');
    const [cost] = await ledger.rows('costs');
    expect(prompt?.text).toContain('My key is [redacted]');
    expect(prompt?.text).not.toContain(apiKey);
    expect(prompt?.text).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123');
    expect(prompt?.text).not.toContain(envFileSecret);
    expect(prompt?.tokens).toBe(1000);
    expect(response).toMatchObject({
      promptId: prompt?.id,
      provider: 'openai:gpt-test',
      model: 'gpt-test',
      finishReason: 'stop',
    });
    expect(response?.text).toBe('Use [redacted] and Authorization: Bearer [redacted]');
    expect(cost).toMatchObject({ responseId: response?.id, inputTokens: 1000, outputTokens: 500 });
    // 1000 × $2/M + 500 × $8/M
    expect(cost?.usd).toBeCloseTo(0.006, 10);
    // The bearer header the SDK sent never reaches the ledger.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    const everything = JSON.stringify(await ledger.exportAll());
    expect(everything).not.toContain(apiKey);
  });

  it('logs retries and failures, redacted, and records nothing for a failed call', async () => {
    const lines: string[] = [];
    const registry = await setUp((line) => lines.push(line));
    server.enqueue(
      fakeResponses.error(500, { error: { message: `upstream rejected key ${apiKey}` } }),
      fakeResponses.error(500, { error: { message: `upstream rejected key ${apiKey}` } }),
    );
    await expect(
      registry.resolve('openai:gpt-test').generate({ messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_SERVER_ERROR',
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/openai:gpt-test: try 1 failed \(PROVIDER_SERVER_ERROR/);
    expect(lines[1]).toMatch(/gave up after 2 tries/);
    expect(lines.join('')).not.toContain(apiKey);
    expect((await ledger.counts()).costs).toBe(0);
  });
});

describe('keys from .env', () => {
  it('reads an API key from .env and keeps it out of the ledger', async () => {
    root = mkdtempSync(join(tmpdir(), 'baton-dotenv-'));
    const dotenvKey = 'sk-from-dotenv-file-0123456789';
    writeFileSync(join(root, '.env'), `export OPENAI_API_KEY='${dotenvKey}'\n`);
    ledger = await openSqliteLedger({ path: join(root, 'ledger.db') });
    const { registry } = createProvidersFromConfig(
      { root, dataDir: join(root, '.baton'), providers: { openai: { baseURL: server.baseURL } } },
      { ledger, env: {} },
    );
    server.enqueue(fakeResponses.reply(`echoing ${dotenvKey}`));
    await registry
      .resolve('openai:gpt-test')
      .generate({ messages: [{ role: 'user', content: `key ${dotenvKey}` }] });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${dotenvKey}`);
    expect(JSON.stringify(await ledger.exportAll())).not.toContain(dotenvKey);
  });
});

describe('prices and redaction', () => {
  it('looks prices up by id, then model, then kind, else unknown', () => {
    const prices = {
      'openai:gpt-a': { inputPerMillionTokens: 1, outputPerMillionTokens: 1 },
      'gpt-b': { inputPerMillionTokens: 2, outputPerMillionTokens: 2 },
      'openai:*': { inputPerMillionTokens: 3, outputPerMillionTokens: 3 },
    };
    const usage = { inputTokens: 1_000_000, outputTokens: 0 };
    expect(costOf(prices, 'openai:gpt-a', 'gpt-a', usage)).toBe(1);
    expect(costOf(prices, 'compatible:x/gpt-b', 'gpt-b', usage)).toBe(2);
    expect(costOf(prices, 'openai:gpt-c', 'gpt-c', usage)).toBe(3);
    expect(costOf(prices, 'anthropic:claude', 'claude', usage)).toBeUndefined();
  });

  it('redacts secret-named variables but not short values or ordinary names', () => {
    const redactor = createRedactor({
      env: { MY_SERVICE_SECRET: 'abcdef123456', SHORT_TOKEN: 'abc', USER: 'ada-lovelace' },
    });
    expect(redactor.redact('abcdef123456 abc ada-lovelace')).toBe('[redacted] abc ada-lovelace');
    expect(redactor.redact('{"api_key": "zk3J9x2LqP0wV7"}')).toBe('{"api_key": "[redacted]"}');
    expect(redactor.redact('password=hunter2hunter2')).toBe('password=[redacted]');
  });

  it('leaves code that only names secrets intact, so applied answers compile', () => {
    const redactor = createRedactor({ env: {} });
    const code = [
      'export async function load(token: string, { secret }: { secret: string }) {',
      `  const headers = { authorization: \`Bearer \${token}\`, "x-api-key": apiKeyFromConfig };`,
      "  const password = process.env.DB_PASSWORD ?? 'correct-horse';",
      '  return fetch(url, { headers });',
      '}',
    ].join('\n');
    expect(redactor.redact(code)).toBe(code);
  });

  it('keeps a test’s word-like bearer tokens and blanks credential-shaped ones', () => {
    const redactor = createRedactor({ env: {} });
    const fixtures =
      "headers: { authorization: 'Bearer ada-token' }, { authorization: 'Bearer expired-token' }";
    expect(redactor.redact(fixtures)).toBe(fixtures);
    expect(redactor.redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redactor.redact('Bearer ada-token-2026 and Bearer Ada-Token-Value')).toBe(
      'Bearer [redacted] and Bearer [redacted]',
    );
    expect(redactor.redact('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe(
      'Authorization: Basic [redacted]',
    );
  });
});
