import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { BatonError } from '../core/errors.js';
import { type ComponentOutcome, scheduleComponents } from '../engine/index.js';
import { describeQueueContract } from '../engine/queue.contract.js';
import { createBullMQQueue } from './bullmq-queue.js';
import { parseQueueUrl } from './queue-url.js';

const redis = inject('redis');
const postgres = inject('postgres');

describe.skipIf('skipped' in redis)(
  `BullMQ on Redis${'skipped' in redis ? ` (${redis.skipped})` : ''}`,
  () => {
    if (!('url' in redis)) return;
    describeQueueContract('bullmq on redis', () =>
      createBullMQQueue<number, number>({
        location: parseQueueUrl(redis.url),
        name: `contract-${randomUUID()}`,
      }),
    );
  },
);

describe.skipIf('skipped' in postgres)(
  `BullMQ on PostgreSQL${'skipped' in postgres ? ` (${postgres.skipped})` : ''}`,
  async () => {
    if (!('adminUrl' in postgres)) return;
    const url = await createTestDatabase(postgres.adminUrl);
    describeQueueContract('bullmq on postgres', () =>
      createBullMQQueue<number, number>({ location: parseQueueUrl(url), name: `contract-${randomUUID()}` }),
    );
  },
);

describe('an unreachable queue', () => {
  it('fails fast with the URL and a hint', async () => {
    const queue = createBullMQQueue<number, number>({
      location: parseQueueUrl('redis://:hunter2@127.0.0.1:1/0'),
      name: 'nowhere',
      connectTimeoutMs: 500,
    });
    const started = Date.now();
    const failure = await queue.add([{ id: 'a', payload: 1 }]).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(BatonError.isInstance(failure) && failure.code).toBe('QUEUE_UNREACHABLE');
    expect((failure as BatonError).message).toContain('127.0.0.1:1');
    expect((failure as BatonError).message).not.toContain('hunter2');
    expect((failure as BatonError).hint).toContain('redis-server');
    await queue.close();
  });
});

/** Schedules a 300-component DAG of no-op jobs through BullMQ with `workerCount` workers of their own. */
async function scheduleThrough(url: string, workerCount: number): Promise<void> {
  const id = (index: number) => `component-${index}`;
  const components = Array.from({ length: 300 }, (_, index) => ({
    id: id(index),
    dependsOn: [index - 1, index - 7].filter((other) => other >= 0 && index % 3 !== 0).map(id),
  }));
  const location = parseQueueUrl(url);
  const name = `scheduler-${randomUUID()}`;
  const producer = createBullMQQueue<(typeof components)[number], ComponentOutcome>({ location, name });
  const workers = Array.from({ length: workerCount }, () => {
    const worker = createBullMQQueue<(typeof components)[number], ComponentOutcome>({
      location,
      name,
      reportResults: false,
    });
    worker.process(async () => 'done', { concurrency: 1 });
    return worker;
  });
  try {
    const states = await scheduleComponents(components, producer);
    expect([...states.values()].filter((state) => state === 'done')).toHaveLength(components.length);
  } finally {
    await producer.close();
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

describe('BullMQ under a scheduler', () => {
  it.skipIf('skipped' in redis)(
    'reports every outcome with its value while jobs finish as fast as they are added, on Redis',
    async () => {
      if ('url' in redis) await scheduleThrough(redis.url, 1);
    },
    60_000,
  );

  // BullMQ's PostgreSQL event stream skips an event whose transaction commits after a later one was
  // read; with four workers finishing at once that happens within a few hundred jobs.
  it.skipIf('skipped' in postgres)(
    'reports every outcome of four workers on PostgreSQL, even those its event stream skips',
    async () => {
      if ('adminUrl' in postgres) await scheduleThrough(await createTestDatabase(postgres.adminUrl), 4);
    },
    60_000,
  );
});

/**
 * Closes a queue 0–3 ms after adding a job that waits for its abort, `times` times over, with the
 * worker already warm, so close often comes while the worker is taking the job.
 */
async function closeWhileTaking(url: string, times: number): Promise<void> {
  let taken = 0;
  for (let round = 0; round < times; round++) {
    const queue = createBullMQQueue<number, number>({
      location: parseQueueUrl(url),
      name: `closing-${randomUUID()}`,
    });
    queue.process(
      (job, signal) =>
        job.payload < 0
          ? Promise.resolve(job.payload)
          : new Promise((resolve) =>
              signal.addEventListener('abort', () => resolve(job.payload), { once: true }),
            ),
      { concurrency: 1 },
    );
    await queue.add([{ id: 'warm', payload: -1 }]);
    expect(await queue.nextResult()).toMatchObject({ id: 'warm', status: 'completed' });
    await queue.add([{ id: 'long', payload: round }]);
    await new Promise((resolve) => setTimeout(resolve, round % 4));
    // A job the worker is taking at this moment is aborted too, or close never ends.
    await queue.close();
    const result = await queue.nextResult();
    // A job not yet taken stays queued for another worker.
    if (result !== undefined) {
      expect(result).toEqual({ id: 'long', status: 'completed', value: round });
      taken++;
    }
  }
  expect(taken).toBeGreaterThan(0);
}

describe('closing while a worker takes a job', () => {
  it.skipIf('skipped' in redis)(
    'aborts the job it was handed and ends, on Redis',
    async () => {
      if ('url' in redis) await closeWhileTaking(redis.url, 15);
    },
    30_000,
  );
  it.skipIf('skipped' in postgres)(
    'aborts the job it was handed and ends, on PostgreSQL',
    async () => {
      if ('adminUrl' in postgres) await closeWhileTaking(await createTestDatabase(postgres.adminUrl), 15);
    },
    30_000,
  );
});
