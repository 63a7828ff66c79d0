import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/postgres-server.js';
import type { LedgerStore } from '../ledger-store.js';
import { openPostgresLedger } from '../postgres-store.js';
import { openSqliteLedger } from '../sqlite-store.js';
import {
  countWorkerJob,
  listWorkers,
  recordWorkerHeartbeat,
  recordWorkerStopped,
  registerWorker,
} from './workers.js';

const postgres = inject('postgres');

function describeWorkers(name: string, open: () => Promise<LedgerStore>, skip?: string) {
  describe.skipIf(skip !== undefined)(`worker registry (${name})`, () => {
    let ledger: LedgerStore | undefined;
    afterEach(async () => {
      await ledger?.close();
      ledger = undefined;
    });
    const worker = (id: string, at: string) => ({
      id,
      host: 'build-2',
      pid: 4242,
      version: '0.1.0',
      queue: 'redis://127.0.0.1:6379/',
      concurrency: 3,
      at,
    });

    it('registers workers, keeps their heartbeat and counts, and lists them newest first', async () => {
      ledger = await open();
      await registerWorker(ledger, worker('wkr_a', '2026-01-01T00:00:00.000Z'));
      await registerWorker(ledger, worker('wkr_b', '2026-01-01T00:01:00.000Z'));
      await recordWorkerHeartbeat(ledger, 'wkr_a', { at: '2026-01-01T00:02:00.000Z', running: 2 });
      await countWorkerJob(ledger, 'wkr_a', 'done');
      await countWorkerJob(ledger, 'wkr_a', 'done');
      await countWorkerJob(ledger, 'wkr_a', 'failed');
      await recordWorkerStopped(ledger, 'wkr_b', '2026-01-01T00:03:00.000Z');

      const listed = await listWorkers(ledger);
      expect(listed.map((row) => row.id)).toEqual(['wkr_b', 'wkr_a']);
      expect(listed[1]).toMatchObject({
        host: 'build-2',
        pid: 4242,
        version: '0.1.0',
        concurrency: 3,
        heartbeatAt: '2026-01-01T00:02:00.000Z',
        running: 2,
        jobsDone: 2,
        jobsFailed: 1,
        stoppedAt: null,
      });
      expect(listed[0]?.stoppedAt).toBe('2026-01-01T00:03:00.000Z');
      expect((await listWorkers(ledger, { since: '2026-01-01T00:02:30.000Z' })).map((row) => row.id)).toEqual(
        ['wkr_b'],
      );
    });

    it('starts a worker registered again under the same id afresh, keeping its counts', async () => {
      ledger = await open();
      await registerWorker(ledger, worker('wkr_a', '2026-01-01T00:00:00.000Z'));
      await countWorkerJob(ledger, 'wkr_a', 'done');
      await recordWorkerStopped(ledger, 'wkr_a', '2026-01-01T00:01:00.000Z');
      await registerWorker(ledger, worker('wkr_a', '2026-01-01T00:05:00.000Z'));
      expect(await listWorkers(ledger)).toMatchObject([
        { id: 'wkr_a', startedAt: '2026-01-01T00:05:00.000Z', stoppedAt: null, jobsDone: 1 },
      ]);
    });
  });
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describeWorkers('sqlite', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'baton-workers-'));
  folders.push(folder);
  return openSqliteLedger({ path: join(folder, 'ledger.db') });
});

describeWorkers(
  'postgres',
  async () => {
    if (!('adminUrl' in postgres)) throw new Error(postgres.skipped);
    return openPostgresLedger({ url: await createTestDatabase(postgres.adminUrl) });
  },
  'skipped' in postgres ? postgres.skipped : undefined,
);
