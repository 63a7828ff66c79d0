import { hostname } from 'node:os';
import type { LedgerStore } from '../ledger-store.js';

/** The `run_locks` table (migration 0006); transient, so it stays out of exports and counts. */
interface RunLocksTable {
  resource: string;
  runId: string | null;
  holderPid: number;
  holderHost: string;
  startedAt: string;
}

/** Who holds a lock: the process and machine working on the run. */
export interface RunLockHolder {
  resource: string;
  runId: string | null;
  pid: number;
  host: string;
  startedAt: string;
}

export type RunLockAttempt =
  | { acquired: true; release(): Promise<void>; attachRun(runId: string): Promise<void> }
  | { acquired: false; holder: RunLockHolder };

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

/**
 * Takes the lock on a resource with one atomic insert, so of two processes racing for it exactly
 * one wins. A lock whose holder ran on this machine and is gone (a crash, a kill) is stale: it is
 * removed and taken. A holder on another machine is never judged from here.
 */
export async function acquireRunLock(
  ledger: LedgerStore,
  options: AcquireRunLockOptions,
): Promise<RunLockAttempt> {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? processIsAlive;
  const db = locks(ledger);
  const mine = () =>
    db
      .deleteFrom('runLocks')
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
        startedAt: new Date().toISOString(),
      })
      .onConflict((conflict) => conflict.column('resource').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      return {
        acquired: true,
        release: async () => {
          await mine().execute();
        },
        attachRun: async (runId) => {
          await db
            .updateTable('runLocks')
            .set({ runId })
            .where('resource', '=', options.resource)
            .where('holderPid', '=', pid)
            .where('holderHost', '=', host)
            .execute();
        },
      };
    }
    const row = await db
      .selectFrom('runLocks')
      .selectAll()
      .where('resource', '=', options.resource)
      .executeTakeFirst();
    if (!row) continue;
    const holder: RunLockHolder = {
      resource: row.resource,
      runId: row.runId,
      pid: Number(row.holderPid),
      host: row.holderHost,
      startedAt: row.startedAt,
    };
    if (holder.host !== host || isAlive(holder.pid)) return { acquired: false, holder };
    // Only the stale row itself is removed, so a process that took the lock meanwhile keeps it.
    await db
      .deleteFrom('runLocks')
      .where('resource', '=', holder.resource)
      .where('holderPid', '=', holder.pid)
      .where('holderHost', '=', holder.host)
      .where('startedAt', '=', holder.startedAt)
      .execute();
  }
  const row = await db
    .selectFrom('runLocks')
    .selectAll()
    .where('resource', '=', options.resource)
    .executeTakeFirstOrThrow();
  return {
    acquired: false,
    holder: {
      resource: row.resource,
      runId: row.runId,
      pid: Number(row.holderPid),
      host: row.holderHost,
      startedAt: row.startedAt,
    },
  };
}
