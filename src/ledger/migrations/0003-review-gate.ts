import type { Kysely, Migration } from '../kysely.js';
import { columnTypes, type LedgerDialect } from './column-types.js';

/**
 * The human review gate: which branch commit a decision was made on (so a branch that moved after
 * acceptance is caught), whether the checks passed again after a reviewer's edit, and merges.
 */
export function reviewGateMigration(dialect: LedgerDialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('reviews').addColumn('reviewed_commit', 'text').execute();
      await db.schema.alterTable('reviews').addColumn('checks_outcome', 'text').execute();
      await db.schema
        .createTable('merges')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('component_id', 'text', (column) => column.notNull().references('components.id'))
        .addColumn('attempt_id', 'text', (column) => column.references('attempts.id'))
        .addColumn('base_branch', 'text', (column) => column.notNull())
        .addColumn('branch', 'text', (column) => column.notNull())
        .addColumn('branch_commit', 'text', (column) => column.notNull())
        .addColumn('merge_commit', 'text', (column) => column.notNull())
        .addColumn('merged_by', 'text', (column) => column.notNull())
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('merges_component').on('merges').column('component_id').execute();
      await db.schema.createIndex('reviews_attempt').on('reviews').column('attempt_id').execute();
    },
  };
}
