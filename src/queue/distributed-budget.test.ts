import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { createEventBus, loadConfig } from '../core/index.js';
import { createRunProject, goodAnswer, planYaml } from '../engine/__fixtures__/run-project.js';
import { runPlan } from '../engine/index.js';
import { openPostgresLedger } from '../ledger/postgres-store.js';
import { createProvidersFromConfig } from '../providers/setup.js';
import { startFakeOpenAIServer } from '../testing/index.js';
import { startComponentWorker } from './component-worker.js';
import { parseQueueUrl } from './queue-url.js';
import { createRunQueue } from './run-queue.js';

const redis = inject('redis');
const postgres = inject('postgres');
const skip = 'skipped' in redis ? redis.skipped : 'skipped' in postgres ? postgres.skipped : undefined;
const ids = ['alpha', 'bravo', 'charlie', 'delta'];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(skip !== undefined)('a distributed run with a budget', () => {
  it('stops every worker once the run spent its budget and ends budget-exhausted, the rest pending', async () => {
    if (!('url' in redis) || !('adminUrl' in postgres)) return;
    const server = await startFakeOpenAIServer({
      respond: (request) => ({
        type: 'reply',
        text: goodAnswer(ids.find((id) => request.lastUserText.includes(`The ${id} text`)) ?? 'alpha'),
        usage: { inputTokens: 600, outputTokens: 400 },
      }),
    });
    cleanups.push(() => server.close());
    const project = createRunProject(planYaml(ids.map((id) => ({ id }))), {
      'baton.config.json': JSON.stringify({
        providers: { compatible: { fake: { baseURL: server.baseURL, model: 'fake-coder' } } },
      }),
    });
    cleanups.push(() => project.remove());
    const remote = project.cloneBare();
    const ledgerUrl = await createTestDatabase(postgres.adminUrl);
    const env = { BATON_LEDGER_URL: ledgerUrl };
    const config = await loadConfig({ cwd: project.root, env });
    const ledger = await openPostgresLedger({ url: ledgerUrl });
    cleanups.push(() => ledger.close());
    // A Redis database of its own, so no other test's worker takes these jobs.
    const location = parseQueueUrl(`${redis.url}/7`);

    // Two workers, each of its own, both reading the one ledger: neither may spend past the run's budget.
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
      concurrency: 1,
      // One call spends 1,000 tokens: the budget lets the first call through and no other.
      budgetTokens: 900,
      queue,
      events,
      onStart: (run) => queue.bindRun(run.runId),
    });

    expect(result.status).toBe('budget-exhausted');
    expect(result.message).toContain('--budget-usd <higher>');
    expect(server.requests.length).toBeLessThanOrEqual(2);
    const components = await ledger.rows('components');
    const statuses = components.map((component) => component.status);
    expect(statuses.filter((status) => status === 'failed')).toEqual([]);
    expect(statuses.filter((status) => status === 'pending').length).toBeGreaterThanOrEqual(2);
    const [run] = await ledger.rows('runs');
    expect(run?.status).toBe('budget-exhausted');
  }, 120_000);
});
