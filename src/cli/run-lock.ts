import { relative, resolve } from 'node:path';
import { BatonError } from '../core/errors.js';
import { latestRunWithStatus, resumableRunStatuses } from '../engine/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { acquireRunLock, type RunLockHolder } from '../ledger/index.js';

export interface HeldRunLock {
  /** The run to resume, resolved to its id when `--resume` named none, so the locked run is the one resumed. */
  resume: string | true | undefined;
  /** Records the new run's id on a plan's lock, so that a second `baton run` can name it. */
  onRunStarted(runId: string): Promise<void>;
  release(): Promise<void>;
}

function lockedError(holder: RunLockHolder, what: string): BatonError {
  const run = holder.runId ? `run ${holder.runId}` : 'a run that is starting';
  return new BatonError({
    code: 'RUN_LOCKED',
    message: `${what} is being worked on by ${run}: process ${holder.pid} on ${holder.host}, since ${holder.startedAt}.`,
    hint: holder.runId
      ? `Wait for it to end, or stop that process (Ctrl-C) and continue with \`baton run --resume ${holder.runId}\`. A lock whose process has ended on this machine is freed by itself.`
      : 'Wait for it to start and end. A lock whose process has ended on this machine is freed by itself.',
  });
}

/**
 * Takes the ledger lock for what `baton run` is about to work on: the run it resumes, or the plan it
 * starts, so that two processes never drive the same run (or two new runs of one plan) at once.
 */
export async function lockRun(
  ledger: LedgerStore,
  options: { planFile: string | undefined; resume: string | true | undefined; root: string; cwd: string },
): Promise<HeldRunLock> {
  let resume = options.resume;
  if (resume === true) resume = (await latestRunWithStatus(ledger, resumableRunStatuses))?.id ?? true;
  if (resume === true) return { resume, onRunStarted: async () => {}, release: async () => {} };
  if (resume !== undefined) {
    const lock = await acquireRunLock(ledger, { resource: `run:${resume}`, runId: resume });
    if (!lock.acquired) throw lockedError(lock.holder, `Run ${resume}`);
    return { resume, onRunStarted: async () => {}, release: lock.release };
  }
  if (!options.planFile) return { resume, onRunStarted: async () => {}, release: async () => {} };
  const plan = relative(options.root, resolve(options.cwd, options.planFile));
  const lock = await acquireRunLock(ledger, { resource: `plan:${plan}` });
  if (!lock.acquired) throw lockedError(lock.holder, `The plan ${plan}`);
  return {
    resume,
    onRunStarted: async (runId) => {
      await lock.attachRun(runId);
    },
    release: lock.release,
  };
}
