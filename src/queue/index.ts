/**
 * The queue part's public surface: a BullMQ `Queue` over Redis or PostgreSQL, the coordinator's
 * run queue, and the worker that serves it. Loading it loads BullMQ, so commands import it only
 * when they use a queue.
 */
export { batonVersion } from './baton-version.js';
export { type BullMQQueueOptions, createBullMQQueue } from './bullmq-queue.js';
export { type ComponentJob, componentJobId, componentQueueName } from './component-job.js';
export {
  type ComponentWorker,
  type ComponentWorkerOptions,
  startComponentWorker,
} from './component-worker.js';
export { followRun } from './follow-run-events.js';
export { parseQueueUrl, type QueueLocation, redactQueueUrl } from './queue-url.js';
export { createRunQueue, type RunQueue, type RunQueueOptions } from './run-queue.js';
export { requireSharedLedger } from './shared-ledger.js';
