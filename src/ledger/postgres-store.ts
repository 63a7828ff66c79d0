import pg from 'pg';
import { BatonError, describeCause } from '../core/errors.js';
import { CamelCasePlugin, Kysely, PostgresDialect } from './kysely.js';
import { createKyselyLedgerStore } from './kysely-ledger-store.js';
import type { LedgerStore } from './ledger-store.js';
import { migrateLedger, verifyLedgerSchema } from './migrate.js';
import type { LedgerDatabase } from './schema.js';

const typeIds = { int8: 20, timestamptz: 1184, json: 114, jsonb: 3802 } as const;

// Rows must read the same from both stores: ISO times, numbers for counts, JSON as text.
const ledgerTypeParsers: Record<number, (value: string) => unknown> = {
  [typeIds.int8]: (value) => Number(value),
  [typeIds.timestamptz]: (value) => new Date(value).toISOString(),
  [typeIds.json]: (value) => value,
  [typeIds.jsonb]: (value) => value,
};

export interface PostgresLedgerOptions {
  url: string;
  /** How long to wait for a connection before failing. @default 5000 */
  connectTimeoutMs?: number;
  /** @default 10 */
  maxConnections?: number;
  /** Every transaction read-only (the dashboard); the schema must be current. */
  readOnly?: boolean;
}

/** The URL with its password replaced, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return redactUrl(url);
  }
}

/** The ledger for a team: a PostgreSQL database, migrated on first use. */
export async function openPostgresLedger({
  url,
  connectTimeoutMs = 5000,
  maxConnections = 10,
  readOnly = false,
}: PostgresLedgerOptions): Promise<LedgerStore> {
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    max: maxConnections,
    ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    types: {
      getTypeParser: ((id: number, format?: 'text' | 'binary') =>
        ledgerTypeParsers[id] ?? pg.types.getTypeParser(id, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new BatonError({
      code: 'LEDGER_UNREACHABLE',
      message: `Cannot reach the PostgreSQL ledger at ${describeTarget(url)}: ${describeCause(cause)}`,
      hint: 'Check that the server is running and the host, port, user, password and database in the ledger URL (BATON_LEDGER_URL or `ledger` in baton.config.ts) are right.',
      cause,
      isRetryable: true,
      details: { location },
    });
  }
  const db = new Kysely<LedgerDatabase>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  try {
    const schemaVersion = readOnly
      ? await verifyLedgerSchema(db, location)
      : await migrateLedger(db, 'postgres', location);
    return createKyselyLedgerStore({ db, dialect: 'postgres', location, schemaVersion, readOnly });
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
