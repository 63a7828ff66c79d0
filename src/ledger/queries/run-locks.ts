import { hostname } from 'node:os';
import type { LedgerStore } from '../ledger-store.js';

/** The `run_locks` table (migrations 0006, 0012); transient, so it stays out of exports and counts. */
interface RunLocksTable {
  resource: string;
  runId: string | null;
  holderPid: number;
  holderHost: string;
  startedAt: string;
  leaseExpiresAt: string | null;
}

/** Who holds a lock: the process and machine working on the run, and until when its lease lasts. */
export interface RunLockHolder {
  resource: string;
  runId: string | null;
  pid: number;
  host: string;
  startedAt: string;
  /** Null for a holder that keeps no lease (an older Baton): it is never taken over from another machine. */
  leaseExpiresAt: string | null;
}

export interface HeldRunLockRow {
  acquired: true;
  release(): Promise<void>;
  attachRun(runId: string): Promise<void>;
  /** Extends the lease from now; false when the lock is no longer this process's (another took it over). */
  renew(): Promise<boolean>;
  /** How long a lease lasts, in milliseconds: renew well within it. */
  leaseMs: number;
}

export type RunLockAttempt = HeldRunLockRow | { acquired: false; holder: RunLockHolder };

/** A lease lasts a minute, so a holder renewing every 20 s survives a slow ledger, and a dead one frees its run soon. */
export const defaultRunLockLeaseMs = 60_000;

export interface AcquireRunLockOptions {
  /** What is locked: `run:<id>` for a resume, `plan:<path>` for a new run of a plan. */
  resource: string;
  runId?: string | undefined;
  /** @default process.pid */
  pid?: number;
  /** @default os.hostname() */
  host?: string;
  /** Whether a process on this machine is still running. @default a signal-0 probe */
  isAlive?: (pid: number) => boolean;
  /** @default defaultRunLockLeaseMs */
  leaseMs?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/** True while a process with this id exists (one owned by another user included). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function locks(ledger: LedgerStore) {
  return ledger.db.withTables<{ runLocks: RunLocksTable }>();
}

function holderOf(row: RunLocksTable): RunLockHolder {
  return {
    resource: row.resource,
    runId: row.runId,
    pid: Number(row.holderPid),
    host: row.holderHost,
    startedAt: row.startedAt,
    leaseExpiresAt: row.leaseExpiresAt ?? null,
  };
}

/**
 * Whether a holder is gone: on this machine, when its process has ended; on another machine, when
 * its lease ran out without being renewed (this machine cannot probe a process there).
 */
function isStale(holder: RunLockHolder, host: string, now: Date, isAlive: (pid: number) => boolean): boolean {
  if (holder.host === host) return !isAlive(holder.pid);
  return holder.leaseExpiresAt !== null && Date.parse(holder.leaseExpiresAt) <= now.getTime();
}

/**
 * Takes the lock on a resource with one atomic insert, so of two processes racing for it exactly
 * one wins. A stale lock (see `isStale`) is removed and taken; any other is refused with its holder.
 */
export async function acquireRunLock(
  ledger: LedgerStore,
  options: AcquireRunLockOptions,
): Promise<RunLockAttempt> {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? processIsAlive;
  const leaseMs = options.leaseMs ?? defaultRunLockLeaseMs;
  const now = options.now ?? (() => new Date());
  const leaseEnd = () => new Date(now().getTime() + leaseMs).toISOString();
  const db = locks(ledger);
  const mine = () =>
    db
      .updateTable('runLocks')
      .where('resource', '=', options.resource)
      .where('holderPid', '=', pid)
      .where('holderHost', '=', host);
  for (let round = 0; round < 3; round += 1) {
    const inserted = await db
      .insertInto('runLocks')
      .values({
        resource: options.resource,
        runId: options.runId ?? null,
        holderPid: pid,
        holderHost: host,
        startedAt: now().toISOString(),
        leaseExpiresAt: leaseEnd(),
      })
      .onConflict((conflict) => conflict.column('resource').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      return {
        acquired: true,
        leaseMs,
        release: async () => {
          await db
            .deleteFrom('runLocks')
            .where('resource', '=', options.resource)
            .where('holderPid', '=', pid)
            .where('holderHost', '=', host)
            .execute();
        },
        attachRun: async (runId) => {
          await mine().set({ runId }).execute();
        },
        renew: async () => {
          const updated = await mine().set({ leaseExpiresAt: leaseEnd() }).executeTakeFirst();
          return Number(updated.numUpdatedRows ?? 0) > 0;
        },
      };
    }
    const row = await db
      .selectFrom('runLocks')
      .selectAll()
      .where('resource', '=', options.resource)
      .executeTakeFirst();
    if (!row) continue;
    const holder = holderOf(row);
    if (!isStale(holder, host, now(), isAlive)) return { acquired: false, holder };
    // Only the stale row itself is removed, so a process that took or renewed the lock meanwhile keeps it.
    let stale = db
      .deleteFrom('runLocks')
      .where('resource', '=', holder.resource)
      .where('holderPid', '=', holder.pid)
      .where('holderHost', '=', holder.host)
      .where('startedAt', '=', holder.startedAt);
    if (holder.leaseExpiresAt !== null) stale = stale.where('leaseExpiresAt', '=', holder.leaseExpiresAt);
    await stale.execute();
  }
  const row = await db
    .selectFrom('runLocks')
    .selectAll()
    .where('resource', '=', options.resource)
    .executeTakeFirstOrThrow();
  return { acquired: false, holder: holderOf(row) };
}
