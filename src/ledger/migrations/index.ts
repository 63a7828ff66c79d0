import type { Migration } from '../kysely.js';
import { initialMigration } from './0001-initial.js';
import { outcomesAndDefectsMigration } from './0002-outcomes-and-defects.js';
import { reviewGateMigration } from './0003-review-gate.js';
import { runEvidenceMigration } from './0004-run-evidence.js';
import { runIndexesMigration } from './0005-run-indexes.js';
import { runLocksMigration } from './0006-run-locks.js';
import { teamMigration } from './0007-team.js';
import { workersMigration } from './0008-workers.js';
import { experimentsMigration } from './0009-experiments.js';
import { interviewResultsMigration } from './0010-interview-results.js';
import { trainingMigration } from './0011-training.js';
import { runLockLeaseMigration } from './0012-run-lock-lease.js';
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
    '0007-team': teamMigration(dialect),
    '0008-workers': workersMigration(),
    '0009-experiments': experimentsMigration(dialect),
    '0010-interview-results': interviewResultsMigration(),
    '0011-training': trainingMigration(dialect),
    '0012-run-lock-lease': runLockLeaseMigration(),
  };
}

export function migrationVersion(name: string): number {
  return Number.parseInt(name.slice(0, 4), 10);
}
