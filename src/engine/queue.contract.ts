import { afterEach, describe, expect, it } from 'vitest';
import type { Queue, QueueResult } from './queue.js';

const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function drain<Result>(queue: Queue<unknown, Result>, count: number): Promise<QueueResult<Result>[]> {
  const results: QueueResult<Result>[] = [];
  while (results.length < count) {
    const result = await queue.nextResult();
    if (!result) break;
    results.push(result);
  }
  return results;
}

/** The behaviour every `Queue` must have, run against each implementation. */
export function describeQueueContract(name: string, createQueue: () => Queue<number, number>): void {
  describe(`Queue contract: ${name}`, () => {
    let queue: Queue<number, number>;
    afterEach(() => queue?.close());

    it('runs every job once, even when its id is added again', async () => {
      queue = createQueue();
      const runs: string[] = [];
      queue.process(
        async (job) => {
          runs.push(job.id);
          return job.payload * 2;
        },
        { concurrency: 2 },
      );
      await queue.add([
        { id: 'a', payload: 1 },
        { id: 'b', payload: 2 },
      ]);
      await queue.add([
        { id: 'a', payload: 100 },
        { id: 'c', payload: 3 },
      ]);
      const results = await drain(queue, 3);
      expect(runs.sort()).toEqual(['a', 'b', 'c']);
      expect(
        Object.fromEntries(
          results.map((result) => [result.id, result.status === 'completed' ? result.value : null]),
        ),
      ).toEqual({ a: 2, b: 4, c: 6 });
    });

    it('never runs more jobs at once than its concurrency', async () => {
      queue = createQueue();
      let running = 0;
      let most = 0;
      queue.process(
        async (job) => {
          running++;
          most = Math.max(most, running);
          await wait(5);
          running--;
          return job.payload;
        },
        { concurrency: 3 },
      );
      await queue.add(Array.from({ length: 12 }, (_, index) => ({ id: `job-${index}`, payload: index })));
      expect(await drain(queue, 12)).toHaveLength(12);
      expect(most).toBe(3);
    });

    it('reports a job that throws as failed and goes on with the others', async () => {
      queue = createQueue();
      queue.process(
        async (job) => {
          if (job.id === 'bad') throw new Error('model answered nonsense');
          return job.payload;
        },
        { concurrency: 1 },
      );
      await queue.add([
        { id: 'bad', payload: 0 },
        { id: 'good', payload: 7 },
      ]);
      const results = await drain(queue, 2);
      const bad = results.find((result) => result.id === 'bad');
      expect(bad?.status).toBe('failed');
      expect(bad?.status === 'failed' && (bad.error as Error).message).toBe('model answered nonsense');
      expect(results.find((result) => result.id === 'good')).toEqual({
        id: 'good',
        status: 'completed',
        value: 7,
      });
    });

    it('on close, aborts running jobs, waits for them and then ends', async () => {
      queue = createQueue();
      let aborted = false;
      let started = () => {};
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      queue.process(
        (job, signal) =>
          new Promise((resolve) => {
            started();
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve(job.payload);
            });
          }),
        { concurrency: 1 },
      );
      await queue.add([
        { id: 'long', payload: 1 },
        { id: 'never-started', payload: 2 },
      ]);
      // A distributed queue's worker takes the job after a round trip or two: close once it runs.
      await running;
      await queue.close();
      expect(aborted).toBe(true);
      expect(await queue.nextResult()).toEqual({ id: 'long', status: 'completed', value: 1 });
      expect(await queue.nextResult()).toBeUndefined();
    });
  });
}
