import type { Kysely, Migration } from '../kysely.js';

/** One row per `baton worker` process that ever served a queue: who it is and when it was last alive. */
export function workersMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('workers')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('host', 'text', (column) => column.notNull())
        .addColumn('pid', 'integer', (column) => column.notNull())
        .addColumn('version', 'text', (column) => column.notNull())
        .addColumn('queue', 'text', (column) => column.notNull())
        .addColumn('concurrency', 'integer', (column) => column.notNull())
        .addColumn('started_at', 'text', (column) => column.notNull())
        .addColumn('heartbeat_at', 'text', (column) => column.notNull())
        .addColumn('stopped_at', 'text')
        .addColumn('running', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('jobs_done', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('jobs_failed', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('workers_heartbeat_at').on('workers').column('heartbeat_at').execute();
    },
  };
}
