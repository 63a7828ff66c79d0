import { BatonError, describeCause } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import {
  type ComponentOutcome,
  type Queue,
  type QueueJob,
  type QueueResult,
  recordQueuedComponentEnd,
  settledComponentStatuses,
  spentBudget,
} from '../engine/index.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { findRun } from '../ledger/queries/run-records.js';
import { componentStatus, runStartCount } from '../ledger/queries/run-rounds.js';
import type { PlanComponent } from '../plan/plan.js';
import { runGit } from '../workspace/git.js';
import { type BullMQQueueOptions, createBullMQQueue } from './bullmq-queue.js';
import { type ComponentJob, componentJobId, componentQueueName } from './component-job.js';
import { followRunEvents } from './follow-run-events.js';
import type { QueueLocation } from './queue-url.js';
import { doneCommitsRef } from './run-checkout.js';

export interface RunQueueOptions {
  location: QueueLocation;
  ledger: LedgerStore;
  /** The repository the run starts in. */
  root: string;
  /** The git remote (a name in `root` or a URL) workers fetch from and push to. */
  remote: string;
  version: string;
  /** Where the progress display listens: workers' events are read from the ledger and emitted here. */
  events?: EventBus;
  /**
   * The coordinator's Ctrl-C: once aborted, `nextResult` ends at once, so the run stops as interrupted
   * even when no worker is alive to report; the jobs stay queued for a `--resume`.
   */
  signal?: AbortSignal;
  queue?: Omit<BullMQQueueOptions, 'location' | 'name'>;
}

/** The queue `baton run --queue` hands components to; it learns its run once the run is set up. */
export interface RunQueue extends Queue<PlanComponent, ComponentOutcome> {
  /** Binds the run: reads its base commit and round from the ledger and publishes the base commit. */
  bindRun(runId: string): void;
  /** Resolves once the queue server answered. */
  ready(): Promise<void>;
  /** Fetches the attempt branches workers pushed, so review and merge find them here. */
  fetchBranches(runId: string): Promise<void>;
}

/** The URL of a remote named in the repository, or the argument itself when it is one already. */
export async function resolveRemote(root: string, remote: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || remote.startsWith('/') || remote.includes('@'))
    return remote;
  try {
    return (await runGit(root, ['remote', 'get-url', remote])).trim();
  } catch (error) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `The repository at ${root} has no git remote "${remote}", which workers on other machines need.`,
      hint: 'Add one (`git remote add origin <url>`) or set run.remote to a URL every worker can reach.',
      cause: error,
    });
  }
}

/**
 * The coordinator's side of a distributed run: components go on the shared BullMQ queue as
 * (run, component, round) jobs, and their outcomes come back from whichever worker ran them.
 * Nothing runs here: `process` only checks its arguments.
 */
export function createRunQueue(options: RunQueueOptions): RunQueue {
  const inner = createBullMQQueue<ComponentJob, ComponentOutcome>({
    ...options.queue,
    location: options.location,
    name: componentQueueName,
  });
  // Job id → component id, for the results.
  const components = new Map<string, string>();
  let bound: Promise<Omit<ComponentJob, 'componentId'>> | undefined;
  let following: { stop(): Promise<void> } | undefined;

  const bind = async (runId: string): Promise<Omit<ComponentJob, 'componentId'>> => {
    const run = await findRun(options.ledger, runId);
    if (!run) throw new BatonError({ code: 'RUN_NOT_FOUND', message: `No run "${runId}" in the ledger.` });
    const { baseCommit } = JSON.parse(run.options) as { baseCommit: string };
    const remote = await resolveRemote(options.root, options.remote);
    // Workers start from the base commit, so the remote must hold it even if it was never pushed.
    try {
      await runGit(options.root, [
        'push',
        '--quiet',
        '--force',
        remote,
        `${baseCommit}:refs/baton/runs/${runId}/base`,
      ]);
    } catch (error) {
      throw new BatonError({
        code: 'WORKTREE_FAILED',
        message: `The run's base commit could not be pushed to ${remote}, where workers fetch it from.`,
        hint: 'Check that this machine can push to the remote (run.remote), then resume the run.',
        cause: error,
      });
    }
    return {
      runId,
      round: await runStartCount(options.ledger, runId),
      version: options.version,
      remote,
      baseCommit,
    };
  };

  return {
    ready: () => inner.ready(),
    async fetchBranches(runId) {
      const remote = await resolveRemote(options.root, options.remote);
      await runGit(options.root, [
        'fetch',
        '--quiet',
        '--force',
        remote,
        `+refs/heads/baton/${runId}/*:refs/heads/baton/${runId}/*`,
        `+${doneCommitsRef(runId)}/*:${doneCommitsRef(runId)}/*`,
      ]);
    },
    bindRun(runId) {
      bound = bind(runId);
      bound.catch(() => {});
      if (options.events) {
        const events = options.events;
        following = followRunEvents({ ledger: options.ledger, runId, events });
      }
    },
    async add(jobs: readonly QueueJob<PlanComponent>[]) {
      if (!bound) {
        throw new BatonError({
          code: 'INTERNAL',
          message: 'Components were queued before the run was bound to the queue.',
        });
      }
      const run = await bound;
      await inner.add(
        jobs.map((job) => {
          const payload: ComponentJob = { ...run, componentId: job.payload.id };
          const id = componentJobId(payload);
          components.set(id, job.id);
          return { id, payload };
        }),
      );
    },
    process(_handler, processOptions) {
      if (!Number.isInteger(processOptions.concurrency) || processOptions.concurrency < 1) {
        throw new BatonError({
          code: 'USAGE_INVALID',
          message: `Concurrency must be a whole number of at least 1, got ${processOptions.concurrency}.`,
          hint: 'Workers set their own with `baton worker --concurrency`.',
        });
      }
    },
    async nextResult(): Promise<QueueResult<ComponentOutcome> | undefined> {
      const result = await untilAborted(inner.nextResult(), options.signal);
      if (!result) return undefined;
      const componentId = components.get(result.id) ?? result.id;
      if (result.status === 'completed' || !bound) return { ...result, id: componentId };
      const { runId } = await bound;
      // The ledger is the truth: a job BullMQ counts as failed (a lock lost while the gate held the
      // worker busy) may still have finished its component.
      const recorded = await componentStatus(options.ledger, runId, componentId);
      if (recorded && (settledComponentStatuses as readonly string[]).includes(recorded)) {
        return { id: componentId, status: 'completed', value: recorded as ComponentOutcome };
      }
      // A worker stopped by the run's budget leaves its component pending for a resume with a higher one.
      const spent = await spentBudget(options.ledger, runId);
      if (spent) return { id: componentId, status: 'failed', error: spent };
      // A job that kept killing its workers is poison: a person looks at it, a resume does not retry it blindly.
      const reason = describeCause(result.error);
      const poison = /stalled more than/i.test(reason);
      const status = poison ? 'escalated' : 'failed';
      await recordQueuedComponentEnd({
        ledger: options.ledger,
        runId,
        componentId,
        status,
        reason: poison ? `Its job stopped every worker that took it (${reason}).` : reason,
      });
      return poison
        ? { id: componentId, status: 'completed', value: 'escalated' }
        : { ...result, id: componentId };
    },
    async close() {
      await inner.close();
      await following?.stop();
    },
  };
}

/** The promise's value, or undefined as soon as the signal aborts, whichever comes first. */
function untilAborted<Value>(
  promise: Promise<Value | undefined>,
  signal: AbortSignal | undefined,
): Promise<Value | undefined> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
