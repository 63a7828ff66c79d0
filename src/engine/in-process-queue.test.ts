import { describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { createInProcessQueue } from './in-process-queue.js';
import { describeQueueContract } from './queue.contract.js';

describeQueueContract('in-process', () => createInProcessQueue<number, number>());

describe('the in-process queue', () => {
  it('refuses a concurrency below one, with a hint', () => {
    const queue = createInProcessQueue<number, number>();
    const failure = (() => {
      try {
        queue.process(async () => 0, { concurrency: 0 });
      } catch (error) {
        return error;
      }
    })();
    expect(BatonError.isInstance(failure) && failure.code).toBe('USAGE_INVALID');
  });
});
