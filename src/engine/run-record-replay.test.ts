import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../providers/ledger-recorder.js';
import { createRedactor } from '../providers/redact.js';
import { createProviderRegistry } from '../providers/registry.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../testing/index.js';
import { createRunProject, goodAnswer, planYaml } from './__fixtures__/run-project.js';
import { runPlan } from './run-plan.js';

let server: FakeOpenAIServer;
let cassettes: string;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
  cassettes = mkdtempSync(join(tmpdir(), 'baton-run-cassettes-'));
});
afterAll(async () => {
  await server.close();
  rmSync(cassettes, { recursive: true, force: true });
});

// An installed package without types: importing it is a compiler error whose message names the
// package's file by its absolute path, which a repair prompt must not carry.
const untypedPackage = {
  'package.json': `${JSON.stringify({ name: 'greetings', version: '1.0.0', type: 'module', private: true, dependencies: { 'untyped-lib': '1.0.0' } })}\n`,
  'node_modules/untyped-lib/package.json': `${JSON.stringify({ name: 'untyped-lib', version: '1.0.0', main: 'index.js' })}\n`,
  'node_modules/untyped-lib/index.js': 'exports.shout = (text) => text.toUpperCase();\n',
};

function answerImportingUntyped(id: string): string {
  return `\`\`\`ts src/${id}.ts\nimport { shout } from 'untyped-lib';\nimport { fullName } from './names.js';\n\n/** Greets a person. */\nexport function ${id}(first: string, last: string): string {\n  return shout(\`Hello, \${fullName(first, last)}!\`);\n}\n\`\`\`\n`;
}

async function runIn(providerId: string, record: string | undefined) {
  const project = createRunProject(planYaml([{ id: 'hello' }]), untypedPackage);
  try {
    const config = await loadConfig({ cwd: project.root, env: {} });
    if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
    const ledger = await openSqliteLedger({ path: config.ledger.path });
    try {
      const registry = createProviderRegistry({
        settings: {
          compatible: { local: { baseURL: server.baseURL, model: 'm' } },
          retries: { maxRetries: 0 },
        },
        root: project.root,
        dataDir: config.dataDir,
        env: {},
        redactor: createRedactor({}),
        observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}) })],
      });
      const provider = registry.resolve(providerId, record ? { record } : {});
      const result = await runPlan({ config, ledger, provider, planFile: project.planFile, maxAttempts: 2 });
      const prompts = await ledger.db.selectFrom('prompts').select('text').orderBy('createdAt').execute();
      return { result, prompts: prompts.map((prompt) => prompt.text), root: project.root };
    } finally {
      await ledger.close();
    }
  } finally {
    project.remove();
  }
}

describe('a recorded run', () => {
  it('replays in another folder and run, repair round included, without a miss', async () => {
    const cassette = join(cassettes, 'greetings.json');
    server.enqueue(
      fakeResponses.reply(answerImportingUntyped('hello')),
      fakeResponses.reply(goodAnswer('hello')),
    );
    const recorded = await runIn('compatible:local', cassette);
    expect(recorded.result.status).toBe('succeeded');
    expect(recorded.prompts).toHaveLength(2);
    const repair = recorded.prompts[1] ?? '';
    expect(repair).toContain('did not pass the verification gate');
    expect(repair).toContain('node_modules/untyped-lib/index.js');
    // No temporary, worktree or run-id path in anything sent.
    for (const prompt of recorded.prompts) {
      expect(prompt).not.toContain(recorded.root);
      expect(prompt).not.toContain(tmpdir());
      expect(prompt).not.toContain(recorded.result.runId);
      expect(prompt).not.toContain('.baton/worktrees');
    }

    const requestsBefore = server.requests.length;
    const replayed = await runIn(`replay:${cassette}`, undefined);
    expect(replayed.result.status).toBe('succeeded');
    expect(replayed.prompts).toEqual(recorded.prompts);
    expect(server.requests.length).toBe(requestsBefore);
  }, 180_000);
});
