import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { createRunProject, planYaml } from '../engine/__fixtures__/run-project.js';
import { openPostgresLedger } from '../ledger/postgres-store.js';
import { componentQueueName } from './component-job.js';

const redis = inject('redis');
const postgres = inject('postgres');
const skip = 'skipped' in redis ? redis.skipped : 'skipped' in postgres ? postgres.skipped : undefined;
const baton = new URL('../../bin/baton.js', import.meta.url).pathname;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(new URL('../../dist/queue/run-queue.js', import.meta.url))) {
    throw new Error('These tests run `baton run --queue` from the built CLI: run `npm run build` first.');
  }
});

describe.skipIf(skip !== undefined)('Ctrl-C on a distributed coordinator', () => {
  it('ends at once with the run interrupted when no worker is alive, and leaves its jobs queued', async () => {
    if (!('url' in redis) || !('adminUrl' in postgres)) return;
    const project = createRunProject(planYaml([{ id: 'alpha' }, { id: 'bravo' }]), {
      'baton.config.json': JSON.stringify({
        providers: { compatible: { fake: { baseURL: 'http://127.0.0.1:9/v1', model: 'unused' } } },
      }),
    });
    cleanups.push(() => project.remove());
    const remote = project.cloneBare();
    project.git('remote', 'add', 'origin', remote);
    const ledgerUrl = await createTestDatabase(postgres.adminUrl);
    const queueUrl = `${redis.url}/11`;
    const client = new Redis(`${redis.url}/11`);
    cleanups.push(() => client.quit().then(() => {}));
    await client.flushdb();

    const child: ChildProcess = spawn(
      process.execPath,
      [baton, 'run', 'plan.yaml', '--provider', 'compatible:fake', '--queue', queueUrl, '--json'],
      {
        cwd: project.root,
        env: { PATH: process.env.PATH ?? '', HOME: project.root, BATON_LEDGER_URL: ledgerUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });

    /** BullMQ keeps each job in a hash of its own, beside the queue's `meta` hash. */
    const queuedJobs = async () => {
      const keys = await client.keys(`*${componentQueueName}:*`);
      const types = await Promise.all(keys.map((key) => client.type(key)));
      return keys.filter((key, index) => types[index] === 'hash' && !key.endsWith(':meta')).length;
    };
    // Both components are on the queue: the coordinator now waits for a worker that never comes.
    const deadline = Date.now() + 60_000;
    while ((await queuedJobs()) < 2) {
      if (Date.now() > deadline) throw new Error(`The run queued nothing:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000)),
    ]);
    expect(code, output).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(15_000);

    const ledger = await openPostgresLedger({ url: ledgerUrl });
    cleanups.push(() => ledger.close());
    const [run] = await ledger.rows('runs');
    expect(run?.status).toBe('cancelled');
    const components = await ledger.rows('components');
    expect(components.map((component) => component.status).sort()).toEqual(['cancelled', 'cancelled']);
    // The jobs wait on the queue for a worker, and for `baton run --resume`.
    expect(await queuedJobs()).toBe(2);
  }, 120_000);
});
