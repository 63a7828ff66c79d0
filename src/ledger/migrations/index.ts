import type { Migration } from '../kysely.js';
import { initialMigration } from './0001-initial.js';
import { outcomesAndDefectsMigration } from './0002-outcomes-and-defects.js';
import { reviewGateMigration } from './0003-review-gate.js';
import { runEvidenceMigration } from './0004-run-evidence.js';
import { runIndexesMigration } from './0005-run-indexes.js';
import { runLocksMigration } from './0006-run-locks.js';
import { workersMigration } from './0008-workers.js';
import type { LedgerDialect } from './column-types.js';

/**
 * Every ledger migration, by name. Names sort in the order they apply; the schema version is the
 * number of the last one. A published migration is never edited: change the schema with a new one.
 */
export function ledgerMigrations(dialect: LedgerDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-outcomes-and-defects': outcomesAndDefectsMigration(dialect),
    '0003-review-gate': reviewGateMigration(dialect),
    '0004-run-evidence': runEvidenceMigration(dialect),
    '0005-run-indexes': runIndexesMigration(),
    '0006-run-locks': runLocksMigration(),
    '0008-workers': workersMigration(),
  };
}

export function migrationVersion(name: string): number {
  return Number.parseInt(name.slice(0, 4), 10);
}
