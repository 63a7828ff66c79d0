import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { runBaton } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { startRedisServer } from '../../test/support/redis-server.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
} from '../engine/__fixtures__/run-project.js';
import { openPostgresLedger } from '../ledger/postgres-store.js';
import { listWorkers } from '../ledger/queries/workers.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../testing/index.js';

const redis = inject('redis');
const postgres = inject('postgres');
const baton = new URL('../../bin/baton.js', import.meta.url).pathname;

// Twenty components: four roots, then layers that each wait on one or two earlier ones, so work
// spreads over the workers and every enqueue after the first waits on the ledger.
const components = Array.from({ length: 20 }, (_, index) => {
  const id = `part${String(index + 1).padStart(2, '0')}`;
  const dependsOn = index < 4 ? [] : [index - 4, ...(index % 3 === 0 ? [index - 3] : [])];
  return {
    id,
    ...(dependsOn.length > 0
      ? { dependsOn: dependsOn.map((other) => `part${String(other + 1).padStart(2, '0')}`) }
      : {}),
  };
});

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(new URL('../../dist/queue/component-worker.js', import.meta.url))) {
    throw new Error('These tests run `baton worker` from the built CLI: run `npm run build` first.');
  }
});

function startWorker(queueUrl: string, ledgerUrl: string, folder: string): Worker {
  const child = spawn(
    process.execPath,
    [baton, 'worker', '--queue', queueUrl, '--work-dir', folder, '--lock-duration', '15000'],
    { cwd: folder, env: { ...process.env, BATON_LEDGER_URL: ledgerUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function readRunIds(ledgerUrl: string): Promise<string[]> {
  const ledger = await openPostgresLedger({ url: ledgerUrl });
  try {
    return (await ledger.rows('runs')).map((run) => run.id);
  } finally {
    await ledger.close();
  }
}

/** A project with a bare remote, a config naming the fake model, and a shared PostgreSQL ledger. */
async function setUp(adminUrl: string) {
  const server: FakeOpenAIServer = await startFakeOpenAIServer({
    respond: (request) => {
      const id = components.find((component) =>
        request.lastUserText.includes(`The ${component.id} text`),
      )?.id;
      return { type: 'reply', text: goodAnswer(id ?? 'alpha') };
    },
  });
  cleanups.push(() => server.close());
  const project: RunProject = createRunProject(planYaml(components), {
    'baton.config.json': JSON.stringify({
      providers: { compatible: { fake: { baseURL: server.baseURL, model: 'fake-coder' } } },
    }),
  });
  cleanups.push(() => project.remove());
  const remote = project.cloneBare();
  project.git('remote', 'add', 'origin', remote);
  const ledgerUrl = await createTestDatabase(adminUrl);
  const folders = [0, 1, 2].map(() => {
    const folder = mkdtempSync(join(tmpdir(), 'baton-worker-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    return folder;
  });
  return { server, project, remote, ledgerUrl, folders };
}

function describeDistributedRun(backend: string, queueUrlFor: (ledgerUrl: string) => string, skip?: string) {
  describe.skipIf(skip !== undefined)(
    `a run on three workers over ${backend}${skip ? ` (${skip})` : ''}`,
    () => {
      it('completes when a worker is SIGKILLed mid-component, and asks the model each question once', async () => {
        if (!('adminUrl' in postgres)) return;
        const { server, project, remote, ledgerUrl, folders } = await setUp(postgres.adminUrl);
        const queueUrl = queueUrlFor(ledgerUrl);
        const workers = folders.map((folder) => startWorker(queueUrl, ledgerUrl, folder));
        const env = { BATON_LEDGER_URL: ledgerUrl };
        const run = runBaton(
          ['run', 'plan.yaml', '--provider', 'compatible:fake', '--queue', queueUrl],
          project.root,
          env,
        );

        // Anyone with the ledger can follow the run while the workers work on it.
        const following = (async () => {
          await until(async () => (await readRunIds(ledgerUrl)).length > 0, 'the run in the ledger');
          const [runId] = await readRunIds(ledgerUrl);
          return runBaton(['run', '--follow', String(runId)], project.root, env);
        })();

        // The first worker to have its answer recorded dies in its gate, after the model answered.
        let victim: Worker | undefined;
        let victimComponent: string | undefined;
        await until(() => {
          for (const worker of workers) {
            const started = [...worker.output().matchAll(/ (\w+): started/g)].map((match) => match[1]);
            const current = started.at(-1);
            if (
              current &&
              server.requests.some((request) => request.lastUserText.includes(`The ${current} text`))
            ) {
              victim = worker;
              victimComponent = current;
              return true;
            }
          }
          return false;
        }, 'a worker whose model call was answered');
        // Killed once its answer is in the ledger: from there on, no one may ask the model again.
        const watcher = await openPostgresLedger({ url: ledgerUrl });
        try {
          await until(async () => {
            const responses = await watcher.rows('responses');
            return responses.some((response) =>
              response.text.includes(`export function ${victimComponent}(`),
            );
          }, 'the answer in the ledger');
        } finally {
          await watcher.close();
        }
        victim?.child.kill('SIGKILL');

        const result = await run;
        if (result.exitCode !== 0) {
          const ledger = await openPostgresLedger({ url: ledgerUrl });
          const rows = await ledger.rows('components');
          const findings = await ledger.rows('findings');
          await ledger.close();
          console.log(
            rows.map((row) => `${row.key} ${row.status} ${row.statusReason}`).join('\n'),
            findings
              .map((finding) => JSON.stringify(finding))
              .join('\n')
              .slice(0, 3000),
            workers.map((worker) => worker.output()).join('\n----\n'),
          );
        }
        expect(result.stderr + result.stdout, result.stderr).toContain('succeeded');
        expect(result.exitCode).toBe(0);
        const followed = await following;
        expect(followed.exitCode, followed.stderr).toBe(0);
        for (const component of components) expect(followed.stdout).toContain(`${component.id}: done`);
        expect(followed.stdout).toMatch(/ended succeeded\.\n$/);

        // Every distinct request reached the fake model exactly once, the killed worker's included.
        const bodies = server.requests.map((request) =>
          JSON.stringify((request.body as { messages: unknown }).messages),
        );
        expect(
          new Set(bodies).size,
          `${victimComponent} killed; asked: ${server.requests.map((request) => request.lastUserText.match(/The (\w+) text/)?.[1]).join(', ')}`,
        ).toBe(bodies.length);
        expect(bodies).toHaveLength(components.length);

        const ledger = await openPostgresLedger({ url: ledgerUrl });
        try {
          const rows = await ledger.rows('components');
          expect(rows.map((row) => [row.key, row.status]).sort()).toEqual(
            components.map((component) => [component.id, 'done']).sort(),
          );
          // Each component was done once: one attempt each, the dead worker's continued, not restarted.
          const attempts = await ledger.rows('attempts');
          expect(attempts).toHaveLength(components.length);
          const registered = await listWorkers(ledger);
          expect(registered).toHaveLength(3);
          expect(registered.reduce((sum, worker) => sum + worker.jobsDone, 0)).toBeGreaterThanOrEqual(
            components.length,
          );
        } finally {
          await ledger.close();
        }
        expect(victimComponent).toBeDefined();
        // The attempt branches came back from the remote to the repository that started the run.
        const branches = project.git('branch', '--list', 'baton/*').trim().split('\n');
        expect(branches).toHaveLength(components.length);
        expect(
          execFileSync('git', ['--git-dir', remote, 'for-each-ref', 'refs/heads/baton'], {
            encoding: 'utf8',
          }),
        ).toContain('part20');

        const listed = await runBaton(['workers', '--all'], project.root, env);
        expect(listed.exitCode).toBe(0);
        expect(listed.stdout.split('\n').filter((line) => line.startsWith('wkr_'))).toHaveLength(3);
      }, 300_000);
    },
  );
}

describeDistributedRun(
  'Redis',
  // A Redis database of its own, so workers of other tests never take this run's jobs.
  () => ('url' in redis ? `${redis.url}/1` : ''),
  'skipped' in redis ? redis.skipped : 'skipped' in postgres ? postgres.skipped : undefined,
);
describeDistributedRun(
  'PostgreSQL',
  (ledgerUrl) => ledgerUrl,
  'skipped' in postgres ? postgres.skipped : undefined,
);

describe.skipIf('skipped' in redis || 'skipped' in postgres)('a run whose Redis restarts', () => {
  it('completes, every component done once', async () => {
    if (!('adminUrl' in postgres)) return;
    // A Redis of its own: restarting the shared one would pull it from under other tests.
    const start = await startRedisServer();
    if (!start.started) throw new Error(start.reason);
    const redisServer = start.server;
    cleanups.push(() => redisServer.stop());
    const { server, project, ledgerUrl, folders } = await setUp(postgres.adminUrl);
    const workers = folders.map((folder) => startWorker(redisServer.url, ledgerUrl, folder));
    const env = { BATON_LEDGER_URL: ledgerUrl };
    const run = runBaton(
      ['run', 'plan.yaml', '--provider', 'compatible:fake', '--queue', redisServer.url],
      project.root,
      env,
    );
    await until(() => server.requests.length >= 3, 'three components under way');
    await redisServer.restart();
    const result = await run;
    expect(result.exitCode, result.stderr + workers.map((worker) => worker.output()).join('\n----\n')).toBe(
      0,
    );
    expect(result.stdout).toContain('succeeded');
    const ledger = await openPostgresLedger({ url: ledgerUrl });
    try {
      const rows = await ledger.rows('components');
      expect(rows.map((row) => row.status)).toEqual(components.map(() => 'done'));
      expect(await ledger.rows('attempts')).toHaveLength(components.length);
    } finally {
      await ledger.close();
    }
    const bodies = server.requests.map((request) => JSON.stringify(request.body));
    expect(new Set(bodies).size).toBe(bodies.length);
  }, 300_000);
});

describe('a run that cannot use a queue', () => {
  it('refuses a SQLite ledger with a remote queue, saying why', async () => {
    const project = createRunProject(planYaml([{ id: 'alpha' }]));
    cleanups.push(() => project.remove());
    const result = await runBaton(
      ['run', 'plan.yaml', '--provider', 'replay:none', '--queue', 'redis://127.0.0.1:6379'],
      project.root,
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('QUEUE_NEEDS_SHARED_LEDGER');
    expect(result.stderr).toContain('SQLite');
    expect(result.stderr).toContain('postgres://');
  });
});
