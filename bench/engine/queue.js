// Times what a distributed queue adds per component: a generated 1,000-component DAG scheduled by
// the engine's scheduler with no-op jobs, through the in-process queue and through BullMQ with 1
// and 4 workers, on Redis and on PostgreSQL. The workers are BullMQ workers in this process, so the
// figure is the queue's round trips (add, take, complete, hear of it), not process start-up, git or
// the ledger. Run after `npm run build`: `npm run bench:queue`. Target: ≤ 5 ms per component on Redis.
// BENCH_REDIS_URL (default: a redis-server started here) and BENCH_POSTGRES_URL (default: a
// PostgreSQL server started here as the tests start theirs, from Debian's `postgresql` package).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';
import { createInProcessQueue } from '../../dist/engine/in-process-queue.js';
import { scheduleComponents } from '../../dist/engine/schedule-components.js';
import { createBullMQQueue } from '../../dist/queue/bullmq-queue.js';
import { parseQueueUrl } from '../../dist/queue/queue-url.js';

const jiti = createJiti(import.meta.url);
const { createTestDatabase, startPostgresServer } = await jiti.import(
  '../../test/support/postgres-server.ts',
);

const componentCount = Number(process.env.BENCH_COMPONENTS ?? 1000);
const targetMs = 5;

function componentId(index) {
  return `component-${String(index).padStart(4, '0')}`;
}
const components = Array.from({ length: componentCount }, (_, index) => ({
  id: componentId(index),
  dependsOn: [index - 1, index - 7].filter((other) => other >= 0 && index % 3 !== 0).map(componentId),
}));

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const directory = mkdtempSync(join(tmpdir(), 'baton-bench-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', directory, '--save', ''],
    {
      stdio: 'ignore',
    },
  );
  for (let tries = 0; tries < 200; tries++) {
    const open = await new Promise((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => resolve(socket.destroy() || true));
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      child.kill();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Wall time of scheduling every component through `producer`, with `workers` taking the jobs. */
async function time(label, producer, workers) {
  const started = performance.now();
  const states = await scheduleComponents(components, producer);
  const wallMs = performance.now() - started;
  await producer.close();
  await Promise.all(workers.map((worker) => worker.close()));
  const done = [...states.values()].filter((state) => state === 'done').length;
  if (done !== componentCount) throw new Error(`${label}: only ${done}/${componentCount} done`);
  return wallMs;
}

async function inProcess() {
  const queue = createInProcessQueue();
  queue.process(async () => 'done', { concurrency: 4 });
  return time('in-process', queue, []);
}

async function onBullMQ(url, workerCount) {
  const location = parseQueueUrl(url);
  const name = `bench-${workerCount}-${Date.now()}`;
  const producer = createBullMQQueue({ location, name });
  await producer.ready();
  const workers = Array.from({ length: workerCount }, () => {
    const worker = createBullMQQueue({ location, name, reportResults: false });
    worker.process(async () => 'done', { concurrency: 1 });
    return worker;
  });
  return time(`${workerCount} worker(s)`, producer, workers);
}

/** The given PostgreSQL database, or a fresh one on a server started here; undefined when neither can be had. */
async function startPostgres() {
  if (process.env.BENCH_POSTGRES_URL) return { url: process.env.BENCH_POSTGRES_URL, stop() {} };
  const start = await startPostgresServer();
  if (!start.started) {
    console.log(`  PostgreSQL:            skipped (${start.reason}; or set BENCH_POSTGRES_URL)`);
    return undefined;
  }
  return { url: await createTestDatabase(start.server.adminUrl), stop: () => start.server.stop() };
}

const redis = process.env.BENCH_REDIS_URL
  ? { url: process.env.BENCH_REDIS_URL, stop() {} }
  : await startRedis();
let postgres;
try {
  await inProcess(); // warm-up
  const baseline = await inProcess();
  console.log(`queue overhead, ${componentCount} components (DAG), no-op jobs, workers in this process`);
  console.log(`  in-process:            ${baseline.toFixed(1)} ms`);
  const backends = [['Redis', redis.url]];
  postgres = await startPostgres();
  if (postgres) backends.push(['PostgreSQL', postgres.url]);
  for (const [backend, url] of backends) {
    for (const workerCount of [1, 4]) {
      const wallMs = await onBullMQ(url, workerCount);
      const perComponent = (wallMs - baseline) / componentCount;
      const verdict = backend === 'Redis' ? (perComponent <= targetMs ? ' ok' : ' OVER TARGET') : '';
      console.log(
        `  ${backend}, ${workerCount} worker(s): ${wallMs.toFixed(0)} ms, ${(componentCount / (wallMs / 1000)).toFixed(0)} components/s, ${perComponent.toFixed(2)} ms per component over in-process (target ≤ ${targetMs} ms on Redis)${verdict}`,
      );
    }
  }
} finally {
  redis.stop();
  postgres?.stop();
}
