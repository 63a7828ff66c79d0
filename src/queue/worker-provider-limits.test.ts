import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { createEventBus, loadConfig } from '../core/index.js';
import { createRunProject, goodAnswer, planYaml } from '../engine/__fixtures__/run-project.js';
import { runPlan } from '../engine/index.js';
import { openLedger } from '../ledger/index.js';
import { createProvidersFromConfig } from '../providers/setup.js';
import { startFakeOpenAIServer } from '../testing/index.js';
import { startComponentWorker } from './component-worker.js';
import { parseQueueUrl } from './queue-url.js';
import { createRunQueue } from './run-queue.js';

const postgres = inject('postgres');
const ids = ['alpha', 'bravo', 'charlie'];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf('skipped' in postgres)('workers of a PostgreSQL queue', () => {
  it("take every model call's place in the provider's window kept in the queue's database", async () => {
    if (!('adminUrl' in postgres)) return;
    const server = await startFakeOpenAIServer({
      respond: (request) => ({
        type: 'reply',
        text: goodAnswer(ids.find((id) => request.lastUserText.includes(`The ${id} text`)) ?? 'alpha'),
        usage: { inputTokens: 60, outputTokens: 40 },
      }),
    });
    cleanups.push(() => server.close());
    const project = createRunProject(planYaml(ids.map((id) => ({ id }))), {
      'baton.config.json': JSON.stringify({
        providers: {
          compatible: {
            fake: { baseURL: server.baseURL, model: 'fake-coder', limits: { requestsPerMinute: 50 } },
          },
        },
      }),
    });
    cleanups.push(() => project.remove());
    const remote = project.cloneBare();
    const ledgerUrl = await createTestDatabase(postgres.adminUrl);
    const queueUrl = await createTestDatabase(postgres.adminUrl);
    const env = { BATON_LEDGER_URL: ledgerUrl };
    const config = await loadConfig({ cwd: project.root, env });
    const ledger = await openLedger({ kind: 'postgres', url: ledgerUrl });
    cleanups.push(() => ledger.close());
    const location = parseQueueUrl(queueUrl);

    for (const index of [0, 1]) {
      const workDir = mkdtempSync(join(tmpdir(), `baton-worker-${index}-`));
      cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
      const worker = await startComponentWorker({ location, ledger, workDir, version: 'test', env });
      cleanups.push(() => worker.close());
    }
    const events = createEventBus();
    const queue = createRunQueue({ location, ledger, root: project.root, remote, version: 'test', events });
    await queue.ready();
    const { registry } = createProvidersFromConfig(config, { ledger, env });
    const result = await runPlan({
      config,
      ledger,
      provider: registry.resolve('compatible:fake', {}),
      planFile: 'plan.yaml',
      concurrency: 2,
      queue,
      events,
      onStart: (run) => queue.bindRun(run.runId),
    });
    expect(result.status).toBe('succeeded');

    // Every request the model server saw took its place, with its real tokens, in the shared window.
    const client = new pg.Client({ connectionString: queueUrl });
    await client.connect();
    cleanups.push(() => client.end());
    const { rows } = await client.query<{ provider: string; tokens: string }>(
      'select provider, tokens from baton_limits.provider_calls',
    );
    expect(server.requests).toHaveLength(ids.length);
    expect(rows).toEqual(ids.map(() => ({ provider: 'compatible:fake/fake-coder', tokens: '100' })));
  }, 60_000);
});
