import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  CamelCasePlugin,
  type DialectAdapter,
  Kysely,
  type MigrationLockOptions,
  SqliteAdapter,
  SqliteDialect,
  sql,
} from 'kysely';
import { BatonError, describeCause } from '../core/errors.js';
import { createKyselyLedgerStore } from './kysely-ledger-store.js';
import type { LedgerStore } from './ledger-store.js';
import { migrateLedger } from './migrate.js';
import type { LedgerDatabase } from './schema.js';

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

class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export interface SqliteLedgerOptions {
  /** The ledger file; created with its folder when missing. `:memory:` for a throwaway ledger. */
  path: string;
}

/** The default ledger: one SQLite file in WAL mode, durable against a killed process. */
export async function openSqliteLedger({ path }: SqliteLedgerOptions): Promise<LedgerStore> {
  let database: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new Database(path);
    database.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives power loss too, not only a killed process.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 10000');
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
    dialect: new TransactionalSqliteDialect({ database }),
    plugins: [new CamelCasePlugin()],
  });
  try {
    const schemaVersion = await migrateLedger(db, 'sqlite', path);
    return createKyselyLedgerStore({ db, dialect: 'sqlite', location: path, schemaVersion });
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
