import type { Kysely, Migration } from '../kysely.js';
import { columnTypes, type LedgerDialect } from './column-types.js';

/**
 * The article's training, per person: every phase a person entered (start, advance, completion),
 * never edited, and every practice exercise graded for them, with the figures exit criteria read.
 */
export function trainingMigration(dialect: LedgerDialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('training_phases')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('person', 'text', (column) => column.notNull())
        .addColumn('phase', 'integer', (column) => column.notNull())
        .addColumn('change', 'text', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('recorded_by', 'text', (column) => column.notNull())
        .addColumn('started_at', types.timestamp, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('training_phases_person').on('training_phases').column('person').execute();
      await db.schema
        .createTable('training_exercises')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('person', 'text', (column) => column.notNull())
        .addColumn('phase', 'integer', (column) => column.notNull())
        .addColumn('seed', 'integer', (column) => column.notNull())
        .addColumn('score', 'integer', (column) => column.notNull())
        .addColumn('passed', 'integer', (column) => column.notNull())
        .addColumn('figures', types.json, (column) => column.notNull())
        .addColumn('problems', types.json, (column) => column.notNull())
        .addColumn('graded_at', types.timestamp, (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('training_exercises_person')
        .on('training_exercises')
        .column('person')
        .execute();
    },
  };
}
