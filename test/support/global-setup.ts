import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.js';
import { startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test PostgreSQL server, or why there is none. */
    postgres: { adminUrl: string } | { skipped: string };
    /** URL of the test Redis server, or why there is none. */
    redis: { url: string } | { skipped: string };
  }
}

/** Starts one real PostgreSQL server for the whole run; in CI its absence fails the run. */
async function setupPostgres(project: TestProject): Promise<() => void> {
  const start = await startPostgresServer();
  if (!start.started) {
    if (process.env.CI) throw new Error(`CI must run the PostgreSQL tests: ${start.reason}`);
    console.warn(`\n[baton tests] skipping PostgreSQL runs: ${start.reason}\n`);
    project.provide('postgres', { skipped: start.reason });
    return () => {};
  }
  project.provide('postgres', { adminUrl: start.server.adminUrl });
  return () => start.server.stop();
}

/** Starts one real Redis server for the whole run; in CI its absence fails the run. */
async function setupRedis(project: TestProject): Promise<() => Promise<void>> {
  const start = await startRedisServer();
  if (!start.started) {
    if (process.env.CI) throw new Error(`CI must run the Redis tests: ${start.reason}`);
    console.warn(`\n[baton tests] skipping Redis runs: ${start.reason}\n`);
    project.provide('redis', { skipped: start.reason });
    return async () => {};
  }
  project.provide('redis', { url: start.server.url });
  return () => start.server.stop();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopPostgres = await setupPostgres(project);
  let stopRedis: () => Promise<void>;
  try {
    stopRedis = await setupRedis(project);
  } catch (error) {
    stopPostgres();
    throw error;
  }
  return async () => {
    await stopRedis();
    stopPostgres();
  };
}
