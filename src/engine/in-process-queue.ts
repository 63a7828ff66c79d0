import { BatonError } from '../core/errors.js';
import type { JobHandler, Queue, QueueJob, QueueResult } from './queue.js';

/** The queue that runs jobs in this process; the default when no Redis is configured. */
export function createInProcessQueue<Payload, Result>(): Queue<Payload, Result> {
  const pending: QueueJob<Payload>[] = [];
  const seen = new Set<string>();
  const finished: QueueResult<Result>[] = [];
  const waiting: ((result: QueueResult<Result> | undefined) => void)[] = [];
  const running = new Set<Promise<void>>();
  const controller = new AbortController();
  let handler: JobHandler<Payload, Result> | undefined;
  let concurrency = 1;
  let closed = false;

  const deliver = (result: QueueResult<Result>) => {
    const waiter = waiting.shift();
    if (waiter) waiter(result);
    else finished.push(result);
  };

  const pump = () => {
    while (handler && !closed && running.size < concurrency && pending.length > 0) {
      const job = pending.shift() as QueueJob<Payload>;
      const work = handler;
      const execution = (async () => {
        try {
          deliver({ id: job.id, status: 'completed', value: await work(job, controller.signal) });
        } catch (error) {
          deliver({ id: job.id, status: 'failed', error });
        }
      })();
      running.add(execution);
      void execution.finally(() => {
        running.delete(execution);
        pump();
      });
    }
  };

  return {
    async add(jobs) {
      if (closed) {
        throw new BatonError({
          code: 'INTERNAL',
          message: 'Jobs were added to a closed queue.',
          hint: 'Add jobs before closing the queue.',
        });
      }
      for (const job of jobs) {
        if (seen.has(job.id)) continue;
        seen.add(job.id);
        pending.push(job);
      }
      pump();
    },
    process(jobHandler, options) {
      if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
        throw new BatonError({
          code: 'USAGE_INVALID',
          message: `Concurrency must be a whole number of at least 1, got ${options.concurrency}.`,
          hint: 'Pass --concurrency 1 or more.',
        });
      }
      handler = jobHandler;
      concurrency = options.concurrency;
      pump();
    },
    nextResult() {
      const ready = finished.shift();
      if (ready) return Promise.resolve(ready);
      if (closed && running.size === 0) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    async close() {
      closed = true;
      pending.length = 0;
      controller.abort();
      await Promise.all(running);
      for (const waiter of waiting.splice(0)) waiter(undefined);
    },
  };
}
