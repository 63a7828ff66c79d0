import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { loadConfig } from '../core/config/load.js';
import { BatonError, describeCause } from '../core/errors.js';
import { type ComponentOutcome, recordQueuedComponentEnd, runQueuedComponent } from '../engine/index.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { findRun } from '../ledger/queries/run-records.js';
import {
  countWorkerJob,
  recordWorkerHeartbeat,
  recordWorkerStopped,
  registerWorker,
} from '../ledger/queries/workers.js';
import { createProvidersFromConfig } from '../providers/setup.js';
import { createBullMQQueue } from './bullmq-queue.js';
import {
  type ComponentJob,
  componentJobId,
  componentQueueName,
  parseComponentJob,
  requireSameVersion,
} from './component-job.js';
import { createPostgresRateLimits } from './postgres-rate-limiter.js';
import { type QueueLocation, redactQueueUrl } from './queue-url.js';
import { checkoutRun, pushComponentBranches } from './run-checkout.js';
import { createSharedRateLimits } from './shared-rate-limiter.js';

export interface ComponentWorkerOptions {
  location: QueueLocation;
  /** The run's shared ledger (PostgreSQL). */
  ledger: LedgerStore;
  /** Where this worker keeps its clones and checkouts. */
  workDir: string;
  /** Components worked on at once by this worker. @default 1 */
  concurrency?: number;
  /** This worker's Baton version; runs of another version are refused. */
  version: string;
  env?: NodeJS.ProcessEnv;
  /** @default 10000 */
  heartbeatMs?: number;
  /**
   * A job whose worker died is handed to another after this long. The gate's type checks run on
   * the worker's event loop and hold up lock renewal, so this must outlast the longest of them.
   * @default 120000
   */
  lockDurationMs?: number;
  /** @default 30000 */
  stalledIntervalMs?: number;
  /** Deaths of workers a job survives before it is escalated as poison. @default 2 */
  maxStalledCount?: number;
  /** The memory each gate's sandboxed commands may use on this machine, over the run's `verify.testMemoryMb`. */
  gateMemoryMb?: number;
  /** At most this many components start per minute across every worker. */
  componentsPerMinute?: number;
  log?: (line: string) => void;
}

export interface ComponentWorker {
  id: string;
  /** Stops taking jobs, lets the running ones finish and marks the worker stopped in the ledger. */
  close(): Promise<void>;
}

/** Finds the provider id the run was started with, so the worker asks the same model. */
async function runProviderId(ledger: LedgerStore, runId: string): Promise<string> {
  const run = await findRun(ledger, runId);
  if (!run) {
    throw new BatonError({
      code: 'RUN_NOT_FOUND',
      message: `No run "${runId}" in the ledger at ${ledger.location}.`,
      hint: 'The worker and `baton run` must use the same ledger: set the same BATON_LEDGER_URL for both.',
    });
  }
  return (JSON.parse(run.options) as { providerId: string }).providerId;
}

/**
 * `baton worker`: takes component jobs from the shared queue, checks out the run's base commit
 * from its remote, runs the component from the ledger (recorded answers are reused, never asked
 * again), pushes the attempt branches back, and enqueues what the ledger says may start next.
 */
export async function startComponentWorker(options: ComponentWorkerOptions): Promise<ComponentWorker> {
  const { ledger, location } = options;
  const log = options.log ?? (() => {});
  const env = options.env ?? process.env;
  const id = `wkr_${randomBytes(6).toString('hex')}`;
  const concurrency = options.concurrency ?? 1;
  const queue = createBullMQQueue<ComponentJob, ComponentOutcome>({
    location,
    name: componentQueueName,
    reportResults: false,
    abortOnClose: false,
    workerName: `${hostname()}:${process.pid}:${id}`,
    lockDurationMs: options.lockDurationMs ?? 120_000,
    stalledIntervalMs: options.stalledIntervalMs ?? Math.min(30_000, (options.lockDurationMs ?? 120_000) / 2),
    maxStalledCount: options.maxStalledCount ?? 2,
    ...(options.componentsPerMinute
      ? { limiter: { max: options.componentsPerMinute, durationMs: 60_000 } }
      : {}),
  });
  await queue.ready();
  // Provider limits hold across every worker of the queue, in the queue's own server.
  const shared =
    location.backend === 'redis'
      ? createSharedRateLimits(location.connection)
      : createPostgresRateLimits(location.connectionString);
  const createLimiter = shared.createLimiter;
  const startedAt = new Date().toISOString();
  await registerWorker(ledger, {
    id,
    host: hostname(),
    pid: process.pid,
    version: options.version,
    queue: redactQueueUrl(location.url),
    concurrency,
    at: startedAt,
  });
  let running = 0;
  const beat = () =>
    recordWorkerHeartbeat(ledger, id, { at: new Date().toISOString(), running }).catch((error: unknown) =>
      log(`heartbeat failed: ${describeCause(error)}\n`),
    );
  const heartbeat = setInterval(beat, options.heartbeatMs ?? 10_000);
  heartbeat.unref();

  const work = async (job: ComponentJob, signal: AbortSignal): Promise<ComponentOutcome> => {
    try {
      requireSameVersion(job, options.version);
      const checkout = await checkoutRun({
        workDir: options.workDir,
        remote: job.remote,
        baseCommit: job.baseCommit,
        runId: job.runId,
      });
      const loaded = await loadConfig({ cwd: checkout, env });
      const config =
        options.gateMemoryMb === undefined
          ? loaded
          : { ...loaded, verify: { ...loaded.verify, testMemoryMb: options.gateMemoryMb } };
      const { registry, redactor } = createProvidersFromConfig(config, { ledger, env, createLimiter });
      const provider = registry.resolve(await runProviderId(ledger, job.runId), {});
      const result = await runQueuedComponent({
        config,
        ledger,
        provider,
        secrets: redactor,
        runId: job.runId,
        componentId: job.componentId,
        signal,
        // Pushed before the ledger says done: a dependent enqueued on "done" always finds the commit.
        beforeDone: (componentId, doneCommit) =>
          pushComponentBranches({ checkout, runId: job.runId, componentId, doneCommit }),
      });
      // Escalated attempts are pushed too, for review on the coordinator.
      await pushComponentBranches({ checkout, runId: job.runId, componentId: job.componentId });
      // The ledger says which components may start now; their ids are deterministic, so the
      // coordinator adding the same ones is harmless.
      await queue.add(
        result.ready.map((componentId) => {
          const next: ComponentJob = { ...job, componentId };
          return { id: componentJobId(next), payload: next };
        }),
      );
      return result.outcome;
    } catch (error) {
      const reason = describeCause(error);
      if (!signal.aborted && !(BatonError.isInstance(error) && error.code === 'RUN_BUDGET_EXHAUSTED')) {
        await recordQueuedComponentEnd({
          ledger,
          runId: job.runId,
          componentId: job.componentId,
          status: 'failed',
          reason,
        }).catch(() => {});
      }
      throw error;
    }
  };

  queue.process(
    async (queued, signal) => {
      running++;
      void beat();
      let outcome: 'done' | 'failed' = 'failed';
      try {
        const job = parseComponentJob(queued.payload, queued.id);
        log(`${job.runId} ${job.componentId}: started\n`);
        const result = await work(job, signal);
        outcome = result === 'failed' ? 'failed' : 'done';
        log(`${job.runId} ${job.componentId}: ${result}\n`);
        return result;
      } catch (error) {
        log(`${queued.id}: failed: ${describeCause(error)}\n`);
        throw error;
      } finally {
        running--;
        await countWorkerJob(ledger, id, outcome).catch(() => {});
        void beat();
      }
    },
    { concurrency },
  );
  log(
    `worker ${id} on ${hostname()} (pid ${process.pid}) serves ${redactQueueUrl(location.url)} with concurrency ${concurrency}\n`,
  );

  return {
    id,
    async close() {
      clearInterval(heartbeat);
      await queue.close();
      await shared.close();
      await recordWorkerStopped(ledger, id, new Date().toISOString()).catch(() => {});
    },
  };
}
