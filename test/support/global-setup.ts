import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test PostgreSQL server, or why there is none. */
    postgres: { adminUrl: string } | { skipped: string };
  }
}

/** Starts one real PostgreSQL server for the whole run; in CI its absence fails the run. */
export default async function setup(project: TestProject): Promise<() => void> {
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
