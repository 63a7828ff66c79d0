import { join } from 'node:path';
import { exitCodes } from '../../core/error-codes.js';
import { BatonError } from '../../core/errors.js';
import { defineCommand } from '../command.js';

function wholeNumber(flag: string, value: number | undefined, least: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < least) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `${flag} must be a whole number of at least ${least}, got "${value}".`,
      hint: `For example ${flag} ${Math.max(least, 2)}.`,
    });
  }
  return value;
}

export const workerCommand = defineCommand({
  name: 'worker',
  description: 'work on components of runs started with `baton run --queue`, on this machine, until stopped',
  options: {
    queue: {
      flags: '--queue <url>',
      type: 'string',
      description: 'the queue: redis://host:6379 or postgres://… (default: run.queue, then BATON_QUEUE_URL)',
    },
    concurrency: {
      flags: '--concurrency <n>',
      type: 'number',
      description: 'components worked on at once by this worker (default 1; each runs its gate)',
    },
    workDir: {
      flags: '--work-dir <dir>',
      type: 'string',
      description: 'where clones and checkouts of runs go (default: <data dir>/worker)',
    },
    lockDuration: {
      flags: '--lock-duration <ms>',
      type: 'number',
      description:
        'how long a job of a worker that died waits before another worker takes it (default 120000; longer than the slowest gate)',
    },
    maxStalls: {
      flags: '--max-stalls <n>',
      type: 'number',
      description: 'worker deaths a job survives before it is escalated as poison (default 2)',
    },
    memory: {
      flags: '--memory <mb>',
      type: 'number',
      description:
        "memory each component's tests, fuzzing and benchmarks may use on this machine, in MB (default: the project's verify.testMemoryMb)",
    },
    componentsPerMinute: {
      flags: '--components-per-minute <n>',
      type: 'number',
      description: 'at most this many components start per minute across all workers of the queue',
    },
  },
  async run({ options, io, loadConfig }) {
    const config = await loadConfig();
    const queueUrl = options.queue ?? config.run.queue ?? io.env.BATON_QUEUE_URL;
    if (!queueUrl) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: 'No queue to work for.',
        hint: 'Pass --queue redis://host:6379 (or postgres://…), set run.queue in baton.config, or BATON_QUEUE_URL.',
      });
    }
    const concurrency = wholeNumber('--concurrency', options.concurrency, 1) ?? 1;
    const lockDurationMs = wholeNumber('--lock-duration', options.lockDuration, 100);
    const maxStalls = wholeNumber('--max-stalls', options.maxStalls, 1);
    const componentsPerMinute = wholeNumber('--components-per-minute', options.componentsPerMinute, 1);
    const gateMemoryMb = wholeNumber('--memory', options.memory, 64);
    const { parseQueueUrl, requireSharedLedger, batonVersion, startComponentWorker } = await import(
      '../../queue/index.js'
    );
    const location = parseQueueUrl(queueUrl);
    requireSharedLedger(config.ledger, queueUrl);
    const { openLedger } = await import('../../ledger/open-ledger.js');
    const ledger = await openLedger(config.ledger);
    try {
      const worker = await startComponentWorker({
        location,
        ledger,
        workDir: options.workDir ?? join(config.dataDir, 'worker'),
        concurrency,
        version: batonVersion(),
        env: io.env as NodeJS.ProcessEnv,
        ...(lockDurationMs !== undefined
          ? { lockDurationMs, stalledIntervalMs: Math.max(50, Math.floor(lockDurationMs / 2)) }
          : {}),
        ...(maxStalls !== undefined ? { maxStalledCount: maxStalls } : {}),
        ...(componentsPerMinute !== undefined ? { componentsPerMinute } : {}),
        ...(gateMemoryMb !== undefined ? { gateMemoryMb } : {}),
        log: (line) => io.stderr.write(line),
      });
      io.stdout.write(
        `Worker ${worker.id} is ready; Ctrl-C (or SIGTERM) finishes the jobs in hand and stops.\n`,
      );
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = () => {
          if (stopping) process.exit(exitCodes.interrupted);
          stopping = true;
          io.stderr.write(
            'Stopping: the jobs in hand finish first (again to quit now; they go to another worker).\n',
          );
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await worker.close();
      return exitCodes.success;
    } finally {
      await ledger.close();
    }
  },
});
