import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BatonError, describeCause } from '../core/errors.js';
import {
  CamelCasePlugin,
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  type MigrationLockOptions,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from './kysely.js';
import { createKyselyLedgerStore } from './kysely-ledger-store.js';
import type { LedgerStore } from './ledger-store.js';
import { migrateLedger, verifyLedgerSchema } from './migrate.js';
import type { LedgerDatabase } from './schema.js';
import { withStatementCache } from './statement-cache.js';

/**
 * SQLite runs DDL in transactions, though Kysely's adapter says otherwise; saying so makes each
 * migration all-or-nothing, and taking the write lock first makes two processes migrate in turn.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
  override async acquireMigrationLock(db: Kysely<unknown>, options: MigrationLockOptions): Promise<void> {
    await sql`update ${sql.table(options.lockTable)} set is_locked = 1 where id = ${options.lockRowId}`.execute(
      db,
    );
  }
}

/**
 * Write transactions start with BEGIN IMMEDIATE: the write lock is taken up front, waiting out the
 * busy timeout, instead of failing with SQLITE_BUSY when a read inside the transaction must upgrade.
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver(this.#config);
  }
}

export interface SqliteLedgerOptions {
  /** The ledger file; created with its folder when missing. `:memory:` for a throwaway ledger. */
  path: string;
  /** Open for reading only (the dashboard): the file must exist and be at the current schema. */
  readOnly?: boolean;
}

/** The default ledger: one SQLite file in WAL mode, durable against a killed process. */
export async function openSqliteLedger({
  path,
  readOnly = false,
}: SqliteLedgerOptions): Promise<LedgerStore> {
  let database: Database.Database;
  try {
    if (!readOnly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new Database(path, { readonly: readOnly, fileMustExist: readOnly });
    // First, so that switching to WAL waits for another process instead of failing.
    database.pragma('busy_timeout = 10000');
    if (!readOnly) {
      database.pragma('journal_mode = WAL');
      // FULL: a committed transaction survives power loss too, not only a killed process.
      database.pragma('synchronous = FULL');
      database.pragma('foreign_keys = ON');
    }
  } catch (cause) {
    throw new BatonError({
      code: 'LEDGER_UNREACHABLE',
      message: `Cannot open the SQLite ledger at ${path}: ${describeCause(cause)}`,
      hint: 'Check that the folder is writable and the file is a Baton ledger, or set `ledger` in baton.config.ts to another path.',
      cause,
      details: { path },
    });
  }
  const db = new Kysely<LedgerDatabase>({
    dialect: new TransactionalSqliteDialect({ database: withStatementCache(database) }),
    plugins: [new CamelCasePlugin()],
  });
  try {
    const schemaVersion = readOnly
      ? await verifyLedgerSchema(db, path)
      : await migrateLedger(db, 'sqlite', path);
    return createKyselyLedgerStore({ db, dialect: 'sqlite', location: path, schemaVersion, readOnly });
  } catch (error) {
    await db.destroy();
    if (BatonError.isInstance(error)) throw error;
    throw new BatonError({
      code: 'LEDGER_UNREACHABLE',
      message: `Cannot read the SQLite ledger at ${path}: ${describeCause(error)}`,
      hint: 'The file may not be a SQLite database. Move it aside or set `ledger` to another path.',
      cause: error,
    });
  }
}
