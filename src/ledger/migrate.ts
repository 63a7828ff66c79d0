import { BatonError, describeCause } from '../core/errors.js';
import { type Kysely, Migrator } from './kysely.js';
import type { LedgerDialect } from './migrations/column-types.js';
import { ledgerMigrations, migrationVersion } from './migrations/index.js';
import type { LedgerDatabase } from './schema.js';

const migrationTableName = 'baton_migration';

/** The schema version this build of Baton writes. */
export function latestSchemaVersion(): number {
  return Math.max(...Object.keys(ledgerMigrations('sqlite')).map(migrationVersion));
}

async function appliedMigrationNames(db: Kysely<LedgerDatabase>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((table) => table.name === migrationTableName)) return [];
  const rows = await (db as unknown as Kysely<Record<typeof migrationTableName, { name: string }>>)
    .selectFrom(migrationTableName)
    .select('name')
    .execute();
  return rows.map((row) => row.name);
}

function schemaTooNew(location: string, unknown: readonly string[]): BatonError {
  const version = Math.max(...unknown.map(migrationVersion));
  return new BatonError({
    code: 'LEDGER_SCHEMA_TOO_NEW',
    message: `The ledger at ${location} has schema version ${version}, newer than this Baton understands (version ${latestSchemaVersion()}); unknown migrations: ${unknown.join(', ')}.`,
    hint: 'Upgrade Baton to the version that wrote this ledger, or point `ledger` at another file. Nothing was changed.',
    details: { location, version, supported: latestSchemaVersion() },
  });
}

/**
 * Brings the ledger to the latest schema version, and refuses a ledger written by a newer Baton
 * rather than guess at tables it does not know. Returns the schema version now in force.
 */
export async function migrateLedger(
  ledger: Kysely<LedgerDatabase>,
  dialect: LedgerDialect,
  location: string,
): Promise<number> {
  // Migrations name tables and columns as the database does, so no camelCase mapping here.
  const db = ledger.withoutPlugins();
  const migrations = ledgerMigrations(dialect);
  const applied = await appliedMigrationNames(db);
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) throw schemaTooNew(location, unknown);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName,
    migrationLockTableName: `${migrationTableName}_lock`,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new BatonError({
      code: 'LEDGER_MIGRATION_FAILED',
      message: `Migrating the ledger at ${location} failed in migration ${failed}: ${describeCause(error)}`,
      hint: 'The migration ran in a transaction and was rolled back; fix the cause named above and run the command again.',
      cause: error,
    });
  }
  return latestSchemaVersion();
}

/** For a read-only connection: the schema must be exactly the one this Baton writes, since it cannot migrate. */
export async function verifyLedgerSchema(ledger: Kysely<LedgerDatabase>, location: string): Promise<number> {
  const known = Object.keys(ledgerMigrations('sqlite'));
  const applied = await appliedMigrationNames(ledger.withoutPlugins());
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw schemaTooNew(location, unknown);
  const missing = known.filter((name) => !applied.includes(name));
  if (missing.length > 0) {
    throw new BatonError({
      code: 'LEDGER_SCHEMA_OUTDATED',
      message: `The ledger at ${location} is at an older schema (missing migrations: ${missing.join(', ')}), and a read-only connection cannot migrate it.`,
      hint: 'Run `baton ledger status` once (it migrates the ledger), then try again.',
    });
  }
  return latestSchemaVersion();
}
