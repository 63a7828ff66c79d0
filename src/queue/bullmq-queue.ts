import { createHash } from 'node:crypto';
import {
  type BackendClasses,
  createPostgresBackend,
  createRedisBackend,
  type IQueueBackend,
  type Job,
  type JobProgress,
  type Worker,
  withBackend,
} from 'bullmq';
import { BatonError, describeCause } from '../core/errors.js';
import type { JobHandler, Queue, QueueJob, QueueResult } from '../engine/index.js';
import { type QueueLocation, redactQueueUrl } from './queue-url.js';

/** What a BullMQ job carries: the caller's own id (BullMQ's may differ) and the payload. */
interface JobData<Payload> {
  id: string;
  payload: Payload;
}

export interface BullMQQueueOptions {
  location: QueueLocation;
  /** The BullMQ queue's name: every producer and worker of one stream of work uses the same one. */
  name: string;
  /** How long a worker's lock on a job lasts without renewal; a dead worker's job is stalled after it. @default 30000 */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs. @default 30000 */
  stalledIntervalMs?: number;
  /** Times a job may be found stalled (its worker died) before it fails for good. @default 1 */
  maxStalledCount?: number;
  /** At most `max` jobs start per `durationMs`, counted across every worker of the queue. */
  limiter?: { max: number; durationMs: number };
  /** Worker name shown by BullMQ (host and pid). */
  workerName?: string;
  /** Whether `nextResult` reports outcomes; a worker that only processes turns it off. @default true */
  reportResults?: boolean;
  /** Whether `close` aborts running jobs' signals; a worker stopping gently lets them finish. @default true */
  abortOnClose?: boolean;
  /** How long to wait for the server before failing. @default 5000 */
  connectTimeoutMs?: number;
  /**
   * How long after its add a job not heard of is first asked for by state. BullMQ's PostgreSQL event
   * stream numbers events before their transactions commit, so one committed late is skipped.
   * @default 250 on PostgreSQL, off on Redis
   */
  sweepMs?: number;
}

/** The BullMQ classes for the location's backend, with its connection settings. */
function backendOf(location: QueueLocation): {
  classes: BackendClasses<IQueueBackend, unknown>;
  connection: unknown;
} {
  if (location.backend === 'postgres') {
    return {
      classes: withBackend(createPostgresBackend) as unknown as BackendClasses<IQueueBackend, unknown>,
      connection: { connectionString: location.connectionString, migrate: true },
    };
  }
  return {
    classes: withBackend(createRedisBackend) as unknown as BackendClasses<IQueueBackend, unknown>,
    // Workers block on Redis; BullMQ needs commands retried for as long as the server is away.
    connection: { ...location.connection, maxRetriesPerRequest: null },
  };
}

/** BullMQ refuses ids that contain a colon or look like integers, so those are hashed. */
export function bullJobId(id: string): string {
  if (!id.includes(':') && !/^\d+$/.test(id) && id.length <= 200) return id;
  return `h-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

function unreachable(location: QueueLocation, cause: unknown): BatonError {
  return new BatonError({
    code: 'QUEUE_UNREACHABLE',
    message: `The queue at ${redactQueueUrl(location.url)} did not answer: ${describeCause(cause)}.`,
    hint:
      location.backend === 'redis'
        ? 'Start Redis there (`redis-server`), or fix --queue / run.queue.'
        : 'Start PostgreSQL there and create the database, or fix --queue / run.queue.',
    isRetryable: true,
    cause,
    details: { url: redactQueueUrl(location.url), backend: location.backend },
  });
}

async function withinTime<Value>(
  work: Promise<Value>,
  milliseconds: number,
  onTimeout: () => Error,
): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), milliseconds);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes BullMQ objects, not waiting long on a server that is gone. */
async function closeQuietly(closable: { close(): Promise<void> } | undefined): Promise<void> {
  if (!closable) return;
  await withinTime(closable.close(), 2000, () => new Error('close timed out')).catch(() => {});
}

/**
 * A `Queue` on BullMQ, over Redis or PostgreSQL. `add` puts jobs on the shared queue under
 * deterministic ids, so adding one again is ignored; `process` starts a BullMQ worker here;
 * `nextResult` hears of every job this queue added, whichever worker ran it.
 */
export function createBullMQQueue<Payload, Result>(
  options: BullMQQueueOptions,
): Queue<Payload, Result> & {
  /** Resolves once the server answered; rejects with QUEUE_UNREACHABLE after the timeout. */
  ready(): Promise<void>;
} {
  const { classes, connection } = backendOf(options.location);
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  const finished: QueueResult<Result>[] = [];
  const waiting: ((result: QueueResult<Result> | undefined) => void)[] = [];
  // BullMQ id → caller's id and when to ask for its state, for the jobs this queue added and has not yet reported.
  const awaited = new Map<string, { id: string; checkAt: number; gapMs: number }>();
  const delivered = new Set<string>();
  let lastError: unknown;
  let closed = false;
  const remember = (error: unknown) => {
    lastError = error;
  };

  const queue = new classes.Queue<JobData<Payload>, Result>(options.name, {
    connection,
    defaultJobOptions: { attempts: 1, removeOnComplete: false, removeOnFail: false },
  });
  queue.on('error', remember);
  const reporting = options.reportResults ?? true;
  const events = reporting ? new classes.QueueEvents<Result>(options.name, { connection }) : undefined;
  events?.on('error', remember);
  let worker: Worker<JobData<Payload>, Result, string, IQueueBackend, JobProgress, unknown> | undefined;
  // The signals of the jobs in hand, and why they were aborted once `close` aborts them.
  const running = new Set<AbortController>();
  let aborting: Error | undefined;

  const deliver = (bullId: string, result: (id: string) => QueueResult<Result>) => {
    if (!reporting) return;
    const id = awaited.get(bullId)?.id;
    if (id === undefined || delivered.has(bullId)) return;
    delivered.add(bullId);
    awaited.delete(bullId);
    const value = result(id);
    const waiter = waiting.shift();
    if (waiter) waiter(value);
    else finished.push(value);
  };
  events?.on('completed', ({ jobId, returnvalue }) =>
    deliver(jobId, (id) => ({ id, status: 'completed', value: returnvalue as Result })),
  );
  events?.on('failed', ({ jobId, failedReason }) =>
    deliver(jobId, (id) => ({ id, status: 'failed', error: new Error(failedReason) })),
  );

  const sweepMs = options.sweepMs ?? (options.location.backend === 'postgres' ? 250 : undefined);
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping = false;
  /**
   * Asks for the state of jobs whose end the event stream has not reported: first `sweepMs` after
   * the add, then twice as long each time up to 5 s, so long jobs cost few queries.
   */
  const sweep = async () => {
    if (sweeping || sweepMs === undefined) return;
    sweeping = true;
    try {
      for (const [bullId, entry] of [...awaited]) {
        if (closed) return;
        if (entry.checkAt > Date.now()) continue;
        await reportEnded(bullId);
        entry.gapMs = Math.min(entry.gapMs * 2, 5000);
        entry.checkAt = Date.now() + entry.gapMs;
      }
    } catch (error) {
      remember(error);
    } finally {
      sweeping = false;
    }
  };
  const startSweeping = () => {
    if (sweepMs === undefined || sweeper) return;
    sweeper = setInterval(() => void sweep(), sweepMs);
    sweeper.unref();
  };

  let readiness: Promise<void> | undefined;
  const ready = () => {
    readiness ??= withinTime(
      Promise.all([queue.waitUntilReady(), events?.waitUntilReady()]).then(() => undefined),
      timeoutMs,
      () => unreachable(options.location, lastError ?? `no answer within ${timeoutMs} ms`),
    ).catch((error: unknown) => {
      closed = true;
      void Promise.all([closeQuietly(events), closeQuietly(queue)]);
      throw BatonError.isInstance(error) ? error : unreachable(options.location, error);
    });
    return readiness;
  };

  /** A job that already ended before this queue added it again reports its stored outcome. */
  const reportEnded = async (bullId: string) => {
    const state = await queue.getJobState(bullId);
    if (state !== 'completed' && state !== 'failed') return;
    // Read after the state, so the job's outcome is the one that state has.
    const job = await queue.getJob(bullId);
    if (!job) return;
    if (state === 'completed') {
      deliver(bullId, (id) => ({ id, status: 'completed', value: job.returnvalue as Result }));
    } else deliver(bullId, (id) => ({ id, status: 'failed', error: new Error(job.failedReason) }));
  };

  return {
    ready,
    async add(jobs: readonly QueueJob<Payload>[]) {
      if (closed) {
        throw new BatonError({
          code: 'INTERNAL',
          message: 'Jobs were added to a closed queue.',
          hint: 'Add jobs before closing the queue.',
        });
      }
      if (jobs.length === 0) return;
      await ready();
      const fresh = jobs.filter((job) => {
        const bullId = bullJobId(job.id);
        if (awaited.has(bullId) || delivered.has(bullId)) return false;
        if (reporting) {
          const gapMs = sweepMs ?? 0;
          awaited.set(bullId, { id: job.id, checkAt: Date.now() + gapMs, gapMs });
        }
        return true;
      });
      if (fresh.length === 0) return;
      const entries = fresh.map((job) => ({
        name: 'job',
        data: { id: job.id, payload: job.payload },
        opts: { jobId: bullJobId(job.id) },
      }));
      // One job goes by the single add: on PostgreSQL the bulk add builds temporary tables each call.
      const [only] = entries;
      if (entries.length === 1 && only) await queue.add(only.name, only.data, only.opts);
      else await queue.addBulk(entries);
      if (!reporting) return;
      // BullMQ ignores an id it already holds, so a job that ended earlier reports what it ended with.
      // Off the critical path: a job that ends meanwhile is reported once, by whichever hears first.
      for (const job of fresh) void reportEnded(bullJobId(job.id)).catch(remember);
      startSweeping();
    },
    process(handler: JobHandler<Payload, Result>, processOptions: { concurrency: number }) {
      if (!Number.isInteger(processOptions.concurrency) || processOptions.concurrency < 1) {
        throw new BatonError({
          code: 'USAGE_INVALID',
          message: `Concurrency must be a whole number of at least 1, got ${processOptions.concurrency}.`,
          hint: 'Pass --concurrency 1 or more.',
        });
      }
      const started = new classes.Worker<JobData<Payload>, Result>(
        options.name,
        async (job: Job<JobData<Payload>, Result>, _token?: string, signal?: AbortSignal) => {
          const controller = new AbortController();
          const forward = () => controller.abort(signal?.reason);
          signal?.addEventListener('abort', forward, { once: true });
          running.add(controller);
          try {
            const result = handler({ id: job.data.id, payload: job.data.payload }, controller.signal);
            // A job BullMQ handed over while the queue was closing missed the abort of the jobs in
            // hand; it is aborted now that its handler is listening.
            if (aborting) controller.abort(aborting);
            return await result;
          } finally {
            running.delete(controller);
            signal?.removeEventListener('abort', forward);
          }
        },
        {
          connection,
          concurrency: processOptions.concurrency,
          lockDuration: options.lockDurationMs ?? 30_000,
          stalledInterval: options.stalledIntervalMs ?? 30_000,
          maxStalledCount: options.maxStalledCount ?? 1,
          ...(options.limiter
            ? { limiter: { max: options.limiter.max, duration: options.limiter.durationMs } }
            : {}),
          ...(options.workerName ? { name: options.workerName } : {}),
        },
      );
      worker = started;
      started.on('error', remember);
      // Jobs run here are reported at once, without the round trip through the event stream.
      started.on('completed', (job: Job<JobData<Payload>, Result>, value: Result) => {
        if (job.id) deliver(job.id, (id) => ({ id, status: 'completed', value }));
      });
      started.on('failed', (job: Job<JobData<Payload>, Result> | undefined, error: Error) => {
        if (job?.id) deliver(job.id, (id) => ({ id, status: 'failed', error }));
      });
    },
    nextResult() {
      const ready = finished.shift();
      if (ready) return Promise.resolve(ready);
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    async close() {
      if (closed && !worker) return;
      closed = true;
      clearInterval(sweeper);
      if (worker) {
        const stopping = worker.close();
        worker = undefined;
        if (options.abortOnClose ?? true) {
          aborting = new Error('The queue is closing.');
          for (const controller of running) controller.abort(aborting);
        }
        await stopping.catch(() => {});
      }
      await Promise.all([closeQuietly(events), closeQuietly(queue)]);
      for (const waiter of waiting.splice(0)) waiter(undefined);
    },
  };
}
