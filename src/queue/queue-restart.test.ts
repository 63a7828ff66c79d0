import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import type { QueueResult } from '../engine/index.js';
import { createBullMQQueue } from './bullmq-queue.js';
import { parseQueueUrl } from './queue-url.js';

const redis = inject('redis');
let server: RedisServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe.skipIf('skipped' in redis)('BullMQ on a Redis server that restarts', () => {
  it('loses no job when Redis is killed and started again mid-run', async () => {
    const start = await startRedisServer();
    if (!start.started) throw new Error(start.reason);
    server = start.server;
    const queue = createBullMQQueue<number, number>({
      location: parseQueueUrl(server.url),
      name: `restart-${randomUUID()}`,
      lockDurationMs: 5000,
      stalledIntervalMs: 1000,
    });
    const ran = new Set<string>();
    queue.process(
      async (job) => {
        ran.add(job.id);
        await new Promise((resolve) => setTimeout(resolve, 40));
        return job.payload * 10;
      },
      { concurrency: 2 },
    );
    const ids = Array.from({ length: 20 }, (_, index) => `job-${index}`);
    await queue.add(ids.map((id, index) => ({ id, payload: index })));
    const results: QueueResult<number>[] = [];
    const first = await queue.nextResult();
    if (first) results.push(first);
    await server.restart();
    while (results.length < ids.length) {
      const result = await queue.nextResult();
      if (!result) break;
      results.push(result);
    }
    await queue.close();
    expect(new Set(results.map((result) => result.id))).toEqual(new Set(ids));
    expect(results.every((result) => result.status === 'completed')).toBe(true);
    expect(ran).toEqual(new Set(ids));
  }, 60_000);
});
