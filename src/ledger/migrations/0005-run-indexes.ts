import type { Kysely, Migration } from '../kysely.js';

/**
 * Indexes for what a run and its reports look up one at a time: the cost of one call (the budget's
 * running total), an attempt's costs, and a run's findings; without them each lookup scans the table.
 */
export function runIndexesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('costs_attempt').on('costs').column('attempt_id').execute();
      await db.schema.createIndex('costs_response').on('costs').column('response_id').execute();
      await db.schema.createIndex('findings_run').on('findings').column('run_id').execute();
    },
  };
}
