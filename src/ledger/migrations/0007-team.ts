import type { Kysely, Migration } from '../kysely.js';
import { columnTypes, type LedgerDialect } from './column-types.js';

/**
 * The team as a shared ledger holds it, for teams whose config files differ per machine: the people
 * (`baton team add|set|remove`), every change to a person's role or training phase, never edited, and
 * the owners `baton team assign` gave components, which are each person's open load.
 */
export function teamMigration(dialect: LedgerDialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('team_people')
        .addColumn('name', 'text', (column) => column.primaryKey())
        .addColumn('email', 'text')
        .addColumn('git', types.json, (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('capacity_hours', types.real)
        .addColumn('training_phase', 'text')
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .addColumn('updated_at', types.timestamp, (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('team_changes')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('person', 'text', (column) => column.notNull())
        .addColumn('change', 'text', (column) => column.notNull())
        .addColumn('role', 'text')
        .addColumn('previous_role', 'text')
        .addColumn('training_phase', 'text')
        .addColumn('previous_training_phase', 'text')
        .addColumn('changed_by', 'text', (column) => column.notNull())
        .addColumn('changed_at', types.timestamp, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('team_changes_person').on('team_changes').column('person').execute();
      await db.schema
        .createTable('team_assignments')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('plan_path', 'text', (column) => column.notNull())
        .addColumn('component_key', 'text', (column) => column.notNull())
        .addColumn('owner', 'text', (column) => column.notNull())
        .addColumn('estimate_hours', types.real, (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('assigned_by', 'text', (column) => column.notNull())
        .addColumn('assigned_at', types.timestamp, (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('team_assignments_component')
        .on('team_assignments')
        .columns(['plan_path', 'component_key'])
        .execute();
    },
  };
}
