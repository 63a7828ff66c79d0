import { randomBytes } from 'node:crypto';
import type { Extension, Extensions } from '@electric-sql/pglite';
import { type Catalog, postgresSnapshot, type RunQuery, readPostgresCatalog } from './catalog.js';

/** A fresh database that migrations are applied to; closed (and dropped) after the run. */
export interface SqlEngine {
  readonly dialect: 'postgresql' | 'sqlite';
  /** Runs one statement; rejects with the engine's error (message and, on Postgres, `position`) when it fails. */
  execute(sql: string): Promise<void>;
  query<Row>(sql: string): Promise<Row[]>;
  /** Keys of the tables (`users`), columns (`users.email`) and constraints that exist now. */
  snapshot(): Promise<Set<string>>;
  readCatalog(): Promise<Catalog>;
  /**
   * Plans a statement of the project's code without running it: the engine's message when it
   * rejects the statement, undefined when it accepts it or cannot plan it without values.
   */
  probe(sql: string): Promise<string | undefined>;
  close(): Promise<void>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Postgres plans a statement with `$1` parameters unbound under EXPLAIN (GENERIC_PLAN), PostgreSQL 16 and later. */
async function probePostgres(
  execute: (sql: string) => Promise<void>,
  sql: string,
): Promise<string | undefined> {
  try {
    // The simple protocol: the extended one would ask for values of the parameters.
    await execute(`EXPLAIN (GENERIC_PLAN) ${sql}`);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

function postgresEngine(
  query: RunQuery,
  execute: (sql: string) => Promise<void>,
  close: () => Promise<void>,
): SqlEngine {
  return {
    dialect: 'postgresql',
    execute,
    query,
    snapshot: () => postgresSnapshot(query),
    readCatalog: () => readPostgresCatalog(query),
    probe: (sql) => probePostgres(execute, sql),
    close,
  };
}

/**
 * PGlite runs Postgres in single-user mode, where CONCURRENTLY fails ("tuple concurrently updated");
 * the index it builds is the same without it, and the safety rule has already read the original text.
 */
function withoutConcurrently(sql: string): string {
  return sql.replace(/^((?:create\s+(?:unique\s+)?|drop\s+)index\s+)concurrently\s+/i, '$1');
}

let embeddedOpens = 0;
let freshDataDirectory: Promise<File | Blob> | undefined;

/** Extensions PGlite ships, by the name CREATE EXTENSION gives them: the module under `contrib/` and its export. */
const contribExtensions: ReadonlyMap<string, string> = new Map(
  [
    'amcheck',
    'bloom',
    'btree_gin',
    'btree_gist',
    'citext',
    'cube',
    'dict_int',
    'dict_xsyn',
    'earthdistance',
    'fuzzystrmatch',
    'hstore',
    'intarray',
    'isn',
    'lo',
    'ltree',
    'pg_trgm',
    'pgcrypto',
    'seg',
    'tablefunc',
    'tcn',
    'tsm_system_rows',
    'tsm_system_time',
    'unaccent',
    'uuid_ossp',
  ].map((name) => [name.replace('uuid_ossp', 'uuid-ossp'), name]),
);

/** The extensions migrations create that PGlite can load; others fail as they would on a server without them. */
export function embeddedExtensions(sql: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of sql) {
    for (const match of text.matchAll(/create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([\w-]+)"?/gi)) {
      const name = match[1]?.toLowerCase() ?? '';
      if (contribExtensions.has(name) || name === 'vector') names.add(name);
    }
  }
  return [...names].sort();
}

async function loadExtensions(names: readonly string[]): Promise<Extensions> {
  const extensions: Extensions = {};
  for (const name of names) {
    if (name === 'vector') {
      extensions.vector = (await import('@electric-sql/pglite/vector')).vector;
      continue;
    }
    const module = contribExtensions.get(name) ?? name;
    const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension>;
    const extension = loaded[module];
    if (extension) extensions[module] = extension;
  }
  return extensions;
}

/** PGlite: Postgres compiled to WebAssembly, in memory, so a run needs no server. */
export async function openEmbeddedEngine(extensionNames: readonly string[] = []): Promise<SqlEngine> {
  const { PGlite } = await import('@electric-sql/pglite');
  const plain = extensionNames.length === 0;
  if (plain) embeddedOpens += 1;
  const loadDataDir =
    plain && freshDataDirectory ? await freshDataDirectory.catch(() => undefined) : undefined;
  const extensions = plain ? {} : await loadExtensions(extensionNames);
  const database = await PGlite.create({ ...(loadDataDir ? { loadDataDir } : {}), extensions });
  // A process that opens a second database (watch mode, a corpus) keeps an empty one to start the next from: faster than initdb.
  if (plain && !freshDataDirectory && embeddedOpens >= 2) freshDataDirectory = database.dumpDataDir('none');
  if (plain) await freshDataDirectory?.catch(() => undefined);
  return postgresEngine(
    async <Row>(sql: string) => (await database.query<Row>(sql)).rows,
    async (sql) => {
      await database.exec(withoutConcurrently(sql));
    },
    () => database.close(),
  );
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
  return postgresEngine(
    async <Row>(sql: string) => (await client.query(sql)).rows as Row[],
    async (sql) => {
      await client.query(sql);
    },
    async () => {
      await client.end();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  );
}
