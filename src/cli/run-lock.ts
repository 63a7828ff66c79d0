import { relative, resolve } from 'node:path';
import { BatonError } from '../core/errors.js';
import { latestRunWithStatus, resumableRunStatuses } from '../engine/index.js';
import type { LedgerStore } from '../ledger/index.js';
import {
  acquireRunLock,
  type HeldRunLockRow,
  type RunLockAttempt,
  type RunLockHolder,
} from '../ledger/index.js';

export interface HeldRunLock {
  /** The run to resume, resolved to its id when `--resume` named none, so the locked run is the one resumed. */
  resume: string | true | undefined;
  /** Records the new run's id on a plan's lock, so that a second `baton run` can name it. */
  onRunStarted(runId: string): Promise<void>;
  release(): Promise<void>;
}

function lockedError(holder: RunLockHolder, what: string): BatonError {
  const run = holder.runId ? `run ${holder.runId}` : 'a run that is starting';
  const lease = holder.leaseExpiresAt
    ? `; its lease runs until ${holder.leaseExpiresAt} unless that process renews it`
    : '';
  const freed =
    'A lock is freed by itself once its process has ended on this machine, or once its lease ran out on another (the holder renews it while it runs).';
  return new BatonError({
    code: 'RUN_LOCKED',
    message: `${what} is being worked on by ${run}: process ${holder.pid} on ${holder.host}, since ${holder.startedAt}${lease}.`,
    hint: holder.runId
      ? `Wait for it to end, or stop that process (Ctrl-C) and continue with \`baton run --resume ${holder.runId}\`. ${freed}`
      : `Wait for it to start and end. ${freed}`,
  });
}

/** Renews a held lock's lease until released; `onLost` hears once if another process took the lock over. */
function keepLease(lock: HeldRunLockRow, onLost: (() => void) | undefined): () => Promise<void> {
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = lock
        .renew()
        .then((held) => {
          if (held) return;
          clearInterval(timer);
          onLost?.();
        })
        // A ledger hiccup is retried at the next beat; the lease outlasts a few of them.
        .catch(() => {});
    },
    Math.max(1, Math.floor(lock.leaseMs / 3)),
  );
  // The heartbeat alone never keeps the process running.
  timer.unref();
  return async () => {
    clearInterval(timer);
    await renewing;
    await lock.release();
  };
}

function held(attempt: RunLockAttempt, what: string): HeldRunLockRow {
  if (!attempt.acquired) throw lockedError(attempt.holder, what);
  return attempt;
}

/**
 * Takes the ledger lock for what `baton run` is about to work on: the run it resumes, or the plan it
 * starts, so that two processes never drive the same run (or two new runs of one plan) at once.
 */
export async function lockRun(
  ledger: LedgerStore,
  options: {
    planFile: string | undefined;
    resume: string | true | undefined;
    root: string;
    cwd: string;
    /** Called if the lease was lost to another process (this one stalled past it), so the run stops. */
    onLost?: () => void;
    /** @default defaultRunLockLeaseMs */
    leaseMs?: number;
  },
): Promise<HeldRunLock> {
  let resume = options.resume;
  if (resume === true) resume = (await latestRunWithStatus(ledger, resumableRunStatuses))?.id ?? true;
  if (resume === true) return { resume, onRunStarted: async () => {}, release: async () => {} };
  if (resume !== undefined) {
    const lock = held(
      await acquireRunLock(ledger, { resource: `run:${resume}`, runId: resume, leaseMs: options.leaseMs }),
      `Run ${resume}`,
    );
    return { resume, onRunStarted: async () => {}, release: keepLease(lock, options.onLost) };
  }
  if (!options.planFile) return { resume, onRunStarted: async () => {}, release: async () => {} };
  const plan = relative(options.root, resolve(options.cwd, options.planFile));
  const lock = held(
    await acquireRunLock(ledger, { resource: `plan:${plan}`, leaseMs: options.leaseMs }),
    `The plan ${plan}`,
  );
  const release = keepLease(lock, options.onLost);
  return {
    resume,
    onRunStarted: async (runId) => {
      await lock.attachRun(runId);
    },
    release,
  };
}
