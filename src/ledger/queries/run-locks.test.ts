import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/postgres-server.js';
import type { LedgerStore } from '../ledger-store.js';
import { openPostgresLedger } from '../postgres-store.js';
import { openSqliteLedger } from '../sqlite-store.js';
import { acquireRunLock, processIsAlive } from './run-locks.js';

const postgres = inject('postgres');

/** A real process that stays alive for the test, to stand for another `baton run`. */
let sleeper: ChildProcess;
beforeAll(() => {
  sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
});
afterAll(() => {
  sleeper.kill();
});

/** The id of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 0;
}

type Opener = () => Promise<LedgerStore>;

function describeRunLocks(name: string, fresh: () => Promise<Opener>, skip?: string) {
  describe.skipIf(skip !== undefined)(`run locks (${name})`, () => {
    const open: LedgerStore[] = [];
    afterEach(async () => {
      for (const ledger of open.splice(0)) await ledger.close();
    });
    const twoConnections = async () => {
      const opener = await fresh();
      const first = await opener();
      const second = await opener();
      open.push(first, second);
      return [first, second] as const;
    };

    it('gives the lock to exactly one of two concurrent callers and names the holder to the other', async () => {
      const [first, second] = await twoConnections();
      const holderPid = sleeper.pid ?? 0;
      const attempts = await Promise.all([
        acquireRunLock(first, { resource: 'run:run_1', runId: 'run_1', pid: holderPid, host: 'here' }),
        acquireRunLock(second, { resource: 'run:run_1', runId: 'run_1', pid: process.pid, host: 'here' }),
      ]);
      expect(attempts.filter((attempt) => attempt.acquired)).toHaveLength(1);
      const refused = attempts.find((attempt) => !attempt.acquired);
      expect(refused).toMatchObject({ acquired: false, holder: { runId: 'run_1', host: 'here' } });
    });

    it('is free again once released, and records the run a plan lock belongs to', async () => {
      const [first, second] = await twoConnections();
      const taken = await acquireRunLock(first, { resource: 'plan:plan.yaml' });
      if (!taken.acquired) throw new Error('expected the lock');
      await taken.attachRun('run_7');
      const refused = await acquireRunLock(second, { resource: 'plan:plan.yaml', pid: sleeper.pid ?? 0 });
      expect(refused).toMatchObject({ acquired: false, holder: { runId: 'run_7', pid: process.pid } });
      await taken.release();
      expect(
        (await acquireRunLock(second, { resource: 'plan:plan.yaml', pid: sleeper.pid ?? 0 })).acquired,
      ).toBe(true);
    });

    it('takes over a lock whose holder died on this machine, never one held on another machine', async () => {
      const [first, second] = await twoConnections();
      const dead = await deadPid();
      expect(processIsAlive(dead)).toBe(false);
      await acquireRunLock(first, { resource: 'run:run_2', pid: dead, host: 'this-host' });
      await acquireRunLock(first, { resource: 'run:run_3', pid: dead, host: 'other-host' });
      const stale = await acquireRunLock(second, { resource: 'run:run_2', host: 'this-host' });
      expect(stale.acquired).toBe(true);
      const remote = await acquireRunLock(second, { resource: 'run:run_3', host: 'this-host' });
      expect(remote).toMatchObject({ acquired: false, holder: { pid: dead, host: 'other-host' } });
    });

    it('takes over a lock from another machine once its lease ran out, never while it is fresh', async () => {
      const [first, second] = await twoConnections();
      const start = Date.parse('2026-01-01T10:00:00.000Z');
      const at = (seconds: number) => () => new Date(start + seconds * 1000);
      const remote = { pid: sleeper.pid ?? 0, host: 'machine-a', leaseMs: 60_000, now: at(0) };
      const taken = await acquireRunLock(first, { resource: 'run:run_4', runId: 'run_4', ...remote });
      if (!taken.acquired) throw new Error('expected the lock');

      const early = await acquireRunLock(second, { resource: 'run:run_4', host: 'machine-b', now: at(59) });
      expect(early).toMatchObject({
        acquired: false,
        holder: { host: 'machine-a', pid: sleeper.pid, leaseExpiresAt: '2026-01-01T10:01:00.000Z' },
      });
      const expired = await acquireRunLock(second, { resource: 'run:run_4', host: 'machine-b', now: at(61) });
      expect(expired.acquired).toBe(true);
      // The old holder learns it lost the lock at its next renewal.
      expect(await taken.renew()).toBe(false);
    });

    it('keeps the lock of a holder that renews its lease', async () => {
      const [first, second] = await twoConnections();
      let clock = Date.parse('2026-01-01T10:00:00.000Z');
      const now = () => new Date(clock);
      const taken = await acquireRunLock(first, {
        resource: 'run:run_6',
        pid: sleeper.pid ?? 0,
        host: 'machine-a',
        now,
      });
      if (!taken.acquired) throw new Error('expected the lock');
      clock += 50_000;
      expect(await taken.renew()).toBe(true);
      clock += 50_000;
      const refused = await acquireRunLock(second, { resource: 'run:run_6', host: 'machine-b', now });
      expect(refused).toMatchObject({
        acquired: false,
        holder: { host: 'machine-a', leaseExpiresAt: '2026-01-01T10:01:50.000Z' },
      });
      clock += 11_000;
      expect((await acquireRunLock(second, { resource: 'run:run_6', host: 'machine-b', now })).acquired).toBe(
        true,
      );
    });
  });
}

describeRunLocks('sqlite', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'baton-locks-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const path = join(directory, 'ledger.db');
  return () => openSqliteLedger({ path });
});

describeRunLocks(
  'postgres',
  async () => {
    if (!('adminUrl' in postgres)) throw new Error(postgres.skipped);
    const url = await createTestDatabase(postgres.adminUrl);
    return () => openPostgresLedger({ url });
  },
  'skipped' in postgres ? postgres.skipped : undefined,
);
