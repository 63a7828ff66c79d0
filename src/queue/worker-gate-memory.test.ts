import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { createEventBus, loadConfig } from '../core/index.js';
import { createRunProject, goodAnswer, planYaml } from '../engine/__fixtures__/run-project.js';
import { runPlan } from '../engine/index.js';
import { openLedger } from '../ledger/index.js';
import { createProvidersFromConfig } from '../providers/setup.js';
import { startFakeOpenAIServer } from '../testing/index.js';
import { batonVersion } from './baton-version.js';
import { parseQueueUrl } from './queue-url.js';
import { createRunQueue } from './run-queue.js';

const postgres = inject('postgres');
const baton = new URL('../../bin/baton.js', import.meta.url).pathname;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(new URL('../../dist/queue/component-worker.js', import.meta.url))) {
    throw new Error('This test runs `baton worker` from the built CLI: run `npm run build` first.');
  }
});

// The project's test fails on purpose, saying what memory limit its process was given.
const heapLimitTest = [
  "import { test } from 'node:test';",
  "import { getHeapStatistics } from 'node:v8';",
  "test('reports its memory limit', () => {",
  '  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 1048576);',
  "  throw new Error('heap limit ' + heapMb + ' MB; NODE_OPTIONS=' + process.env.NODE_OPTIONS);",
  '});',
  '',
].join('\n');

describe.skipIf('skipped' in postgres)('baton worker --memory', () => {
  it("limits the memory of the component's tests in the sandboxed gate, over the project's verify.testMemoryMb", async () => {
    if (!('adminUrl' in postgres)) return;
    const server = await startFakeOpenAIServer({
      respond: () => ({ type: 'reply', text: goodAnswer('alpha') }),
    });
    cleanups.push(() => server.close());
    const project = createRunProject(planYaml([{ id: 'alpha', kind: 'test' }]), {
      'baton.config.json': JSON.stringify({
        providers: { compatible: { fake: { baseURL: server.baseURL, model: 'fake-coder' } } },
        testCommand: 'node --test',
        verify: { testMemoryMb: 2048 },
        run: { maxAttempts: 1 },
      }),
      'test/heap-limit.test.mjs': heapLimitTest,
    });
    cleanups.push(() => project.remove());
    const remote = project.cloneBare();
    const ledgerUrl = await createTestDatabase(postgres.adminUrl);
    const queueUrl = await createTestDatabase(postgres.adminUrl);
    const env = { BATON_LEDGER_URL: ledgerUrl };
    const ledger = await openLedger({ kind: 'postgres', url: ledgerUrl });
    cleanups.push(() => ledger.close());

    const workDir = mkdtempSync(join(tmpdir(), 'baton-worker-'));
    cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
    const worker: ChildProcess = spawn(
      process.execPath,
      [baton, 'worker', '--queue', queueUrl, '--work-dir', workDir, '--memory', '300'],
      { cwd: workDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    cleanups.push(async () => {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
      await exited;
    });

    const config = await loadConfig({ cwd: project.root, env });
    const events = createEventBus();
    const queue = createRunQueue({
      location: parseQueueUrl(queueUrl),
      ledger,
      root: project.root,
      remote,
      version: batonVersion(),
      events,
    });
    await queue.ready();
    const { registry } = createProvidersFromConfig(config, { ledger, env });
    await runPlan({
      config,
      ledger,
      provider: registry.resolve('compatible:fake', {}),
      planFile: 'plan.yaml',
      concurrency: 1,
      queue,
      events,
      onStart: (run) => queue.bindRun(run.runId),
    });

    const findings = (await ledger.rows('findings')).filter((finding) => finding.checkId === 'tests');
    const reported = findings.map((finding) => finding.message).join('\n');
    expect(reported, output).toContain('--max-old-space-size=300');
    const heapMb = Number(/heap limit (\d+) MB/.exec(reported)?.[1]);
    // V8's limit is the old space asked for plus its young generation; 2048 would be the project's own.
    expect(heapMb).toBeGreaterThanOrEqual(300);
    expect(heapMb).toBeLessThan(400);
  }, 90_000);
});
