import type { Kysely, Migration } from '../kysely.js';

/**
 * When a run lock's lease ends unless its holder renews it, so that a process on another machine
 * can take over the lock of a holder that died there. Rows without one (older holders) never expire.
 */
export function runLockLeaseMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('run_locks').addColumn('lease_expires_at', 'text').execute();
    },
  };
}
