import { randomBytes } from 'node:crypto';

/** A fresh Postgres database that migrations are applied to; closed (and dropped) after the run. */
export interface SqlEngine {
  /** Runs one statement; rejects with the engine's error (message and `position`) when it fails. */
  execute(sql: string): Promise<void>;
  query<Row>(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * PGlite runs Postgres in single-user mode, where CONCURRENTLY fails ("tuple concurrently updated");
 * the index it builds is the same without it, and the safety rule has already read the original text.
 */
function withoutConcurrently(sql: string): string {
  return sql.replace(/^((?:create\s+(?:unique\s+)?|drop\s+)index\s+)concurrently\s+/i, '$1');
}

/** PGlite: Postgres compiled to WebAssembly, in memory, so a run needs no server. */
export async function openEmbeddedEngine(): Promise<SqlEngine> {
  const { PGlite } = await import('@electric-sql/pglite');
  const database = await PGlite.create();
  return {
    execute: async (sql) => {
      await database.exec(withoutConcurrently(sql));
    },
    query: async <Row>(sql: string) => (await database.query<Row>(sql)).rows,
    close: () => database.close(),
  };
}

/**
 * A server given by URL: a throwaway database is created on it for the run and dropped afterwards,
 * so every run starts from nothing and the server's own databases are never touched.
 */
export async function openServerEngine(databaseUrl: string): Promise<SqlEngine> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const name = `baton_verify_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
    throw error;
  }
  return {
    execute: async (sql) => {
      await client.query(sql);
    },
    query: async <Row>(sql: string) => (await client.query(sql)).rows as Row[],
    close: async () => {
      await client.end();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
