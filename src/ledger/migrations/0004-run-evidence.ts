import type { Kysely, Migration } from '../kysely.js';
import { columnTypes, type LedgerDialect } from './column-types.js';

/** What `baton run` needs to resume and to prove a component done: commits, conversation, evidence. */
export function runEvidenceMigration(dialect: LedgerDialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('attempts').addColumn('base_commit', 'text').execute();
      await db.schema.alterTable('attempts').addColumn('commit_sha', 'text').execute();
      await db.schema.alterTable('attempts').addColumn('conversation', types.json).execute();
      await db.schema.alterTable('attempts').addColumn('evidence', types.json).execute();
      await db.schema.alterTable('components').addColumn('evidence_attempt_id', 'text').execute();
    },
  };
}
