import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ProvidersSettings } from '../core/index.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../testing/index.js';
import { readCassette, requestKey, writeCassette } from './cassette.js';
import { describeProviderContract, type ProviderHarness } from './provider.contract.js';
import { createProviderRegistry } from './registry.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});

function registryFor(settings: ProvidersSettings, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-providers-'));
  const registry = createProviderRegistry({
    settings: { retries: { maxRetries: 0 }, ...settings },
    root: dataDir,
    dataDir,
    env,
    manual: { input: null, output: { write: () => true }, pollIntervalMs: 10 },
  });
  return { registry, dataDir };
}

/** A provider over the fake server, answering with whatever the test queues. */
function overFakeServer(id: string, settings: ProvidersSettings, env: Record<string, string> = {}) {
  return async (): Promise<ProviderHarness> => {
    server.reset();
    const { registry, dataDir } = registryFor(settings, env);
    return {
      provider: registry.resolve(id),
      answerNext: (text) => server.enqueue(fakeResponses.reply(text)),
      lastSent: () => JSON.stringify(server.requests.at(-1)?.body ?? ''),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  };
}

// The base URL is only known once the server runs, so these settings are built lazily.
describeProviderContract('compatible with a model in the id', 'compatible', async () =>
  overFakeServer('compatible:local/other-model', { compatible: { local: { baseURL: server.baseURL } } })(),
);

describeProviderContract('compatible, configured', 'compatible', async () =>
  overFakeServer('compatible:local', {
    compatible: { local: { baseURL: server.baseURL, model: 'fake-llama' } },
  })(),
);

describeProviderContract('openai (baseURL to the fake server)', 'openai', async () =>
  overFakeServer(
    'openai:gpt-test',
    { openai: { baseURL: server.baseURL } },
    { OPENAI_API_KEY: 'sk-test-key-000000000000' },
  )(),
);

describeProviderContract('ollama (OLLAMA_HOST to the fake server)', 'ollama', async () =>
  overFakeServer('ollama:llama3.1', {}, { OLLAMA_HOST: server.url.replace('http://', '') })(),
);

describeProviderContract('anthropic (messages API shape on the fake server)', 'anthropic', async () =>
  overFakeServer('anthropic:claude-test', {
    anthropic: { baseURL: server.baseURL, apiKey: 'sk-ant-test-000000' },
  })(),
);

describeProviderContract('manual (response file)', 'manual', async () => {
  const { registry, dataDir } = registryFor({});
  const answers: string[] = [];
  const manualDirectory = join(dataDir, 'manual');
  let lastPrompt = '';
  // Plays the person: answers each new prompt file by writing its response file.
  const timer = setInterval(() => {
    let names: string[] = [];
    try {
      names = readdirSync(manualDirectory);
    } catch {
      return;
    }
    for (const name of names.filter((file) => file.endsWith('.prompt.md'))) {
      const responseFile = join(manualDirectory, name.replace('.prompt.md', '.response.md'));
      if (names.includes(name.replace('.prompt.md', '.response.md'))) continue;
      const answer = answers.shift();
      if (answer === undefined) continue;
      lastPrompt = readFileSync(join(manualDirectory, name), 'utf8');
      writeFileSync(responseFile, answer);
    }
  }, 5);
  return {
    provider: registry.resolve('manual'),
    answerNext: (text) => answers.push(text),
    lastSent: () => lastPrompt,
    cleanup: async () => {
      clearInterval(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describeProviderContract('replay (cassette)', 'replay', async () => {
  const { registry, dataDir } = registryFor({});
  const path = join(dataDir, 'cassettes', 'contract.json');
  writeCassette(path, readCassette(path, { allowMissing: true }));
  const answers: string[] = [];
  const replay = () => registry.resolve('replay:contract');
  const first = replay();
  return {
    // Each call first files the queued answer under the request's key, then replays from the file.
    provider: {
      id: first.id,
      kind: first.kind,
      model: first.model,
      async generate(request) {
        const answer = answers.shift();
        if (answer !== undefined) {
          const cassette = readCassette(path);
          cassette.interactions.push({
            key: requestKey(request),
            provider: 'openai:recorded',
            model: 'recorded',
            recordedAt: new Date().toISOString(),
            request: { messages: [] },
            response: { text: answer, finishReason: 'stop', usage: { inputTokens: 12, outputTokens: 7 } },
          });
          writeCassette(path, cassette);
        }
        return replay().generate(request);
      },
    },
    answerNext: (text) => answers.push(text),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});
