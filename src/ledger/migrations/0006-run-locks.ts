import type { Kysely, Migration } from '../kysely.js';

/** One row per run (or plan) a `baton run` process is working on, so that a second one is refused. */
export function runLocksMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('run_locks')
        .addColumn('resource', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text')
        .addColumn('holder_pid', 'integer', (column) => column.notNull())
        .addColumn('holder_host', 'text', (column) => column.notNull())
        .addColumn('started_at', 'text', (column) => column.notNull())
        .execute();
    },
  };
}
