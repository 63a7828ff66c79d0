import { type Kysely, type Migration, sql } from '../kysely.js';
import { columnTypes, type LedgerDialect } from './column-types.js';

/** Why a component ended as it did (triage reasons, escalation), and defects found after acceptance. */
export function outcomesAndDefectsMigration(dialect: LedgerDialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('components').addColumn('triage_reasons', types.json).execute();
      await db.schema.alterTable('components').addColumn('status_reason', 'text').execute();
      await db.schema
        .createTable('defects')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('component_id', 'text', (column) => column.references('components.id'))
        .addColumn('person', 'text', (column) => column.notNull())
        .addColumn('severity', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('found_at', types.timestamp, (column) => column.notNull())
        .addCheckConstraint('defects_severity', sql`severity in ('low', 'medium', 'high', 'critical')`)
        .execute();
      await db.schema.createIndex('defects_component').on('defects').column('component_id').execute();
    },
  };
}
