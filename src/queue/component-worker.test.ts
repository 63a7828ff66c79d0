import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { openPostgresLedger } from '../ledger/postgres-store.js';
import { listWorkers } from '../ledger/queries/workers.js';
import { createBullMQQueue } from './bullmq-queue.js';
import { type ComponentJob, componentJobId, componentQueueName } from './component-job.js';
import { startComponentWorker } from './component-worker.js';
import { parseQueueUrl } from './queue-url.js';

const redis = inject('redis');
const postgres = inject('postgres');
const skip = 'skipped' in redis ? redis.skipped : 'skipped' in postgres ? postgres.skipped : undefined;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(skip !== undefined)('baton worker', () => {
  it('registers in the ledger, refuses a run of another Baton version, and fails a job whose remote it cannot reach', async () => {
    if (!('url' in redis) || !('adminUrl' in postgres)) return;
    // A Redis database of its own, so no other test's worker takes this job.
    const location = parseQueueUrl(`${redis.url}/5`);
    const ledger: LedgerStore = await openPostgresLedger({
      url: await createTestDatabase(postgres.adminUrl),
    });
    cleanups.push(() => ledger.close());
    const workDir = mkdtempSync(join(tmpdir(), 'baton-worker-'));
    cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
    const worker = await startComponentWorker({
      location,
      ledger,
      workDir,
      version: '1.2.3',
      heartbeatMs: 100,
    });
    cleanups.push(() => worker.close());
    const producer = createBullMQQueue<ComponentJob, string>({ location, name: componentQueueName });
    cleanups.push(() => producer.close());

    const job: ComponentJob = {
      runId: 'run_elsewhere',
      componentId: 'alpha',
      round: 1,
      version: '9.9.9',
      remote: '/nowhere.git',
      baseCommit: 'a'.repeat(40),
    };
    await producer.add([{ id: componentJobId(job), payload: job }]);
    const result = await producer.nextResult();
    expect(result?.status).toBe('failed');
    const message = result?.status === 'failed' ? (result.error as Error).message : '';
    expect(message).toContain('Baton 9.9.9');
    expect(message).toContain('Baton 1.2.3');

    // A worker that cannot fetch the run's remote fails the job with git's reason, naming the remote.
    const unreachable: ComponentJob = {
      ...job,
      componentId: 'bravo',
      version: '1.2.3',
      remote: join(workDir, 'gone.git'),
    };
    await producer.add([{ id: componentJobId(unreachable), payload: unreachable }]);
    const refused = await producer.nextResult();
    expect(refused?.status).toBe('failed');
    const reason = refused?.status === 'failed' ? (refused.error as Error).message : '';
    expect(reason).toContain(`cannot reach the run's git remote ${join(workDir, 'gone.git')}`);

    const [registered] = await listWorkers(ledger);
    expect(registered).toMatchObject({ id: worker.id, version: '1.2.3', pid: process.pid, jobsFailed: 2 });
    await worker.close();
    expect((await listWorkers(ledger))[0]?.stoppedAt).not.toBeNull();
  }, 60_000);
});
