import type { Kysely, Migration } from '../kysely.js';

/** Graded interview kits, under the label the interviewer chose; no other personal data. */
export function interviewResultsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('interview_results')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('candidate_label', 'text', (column) => column.notNull())
        .addColumn('seed', 'integer', (column) => column.notNull())
        .addColumn('level', 'text', (column) => column.notNull())
        .addColumn('scores_json', 'text', (column) => column.notNull())
        .addColumn('overall', 'integer', (column) => column.notNull())
        .addColumn('graded_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('interview_results_candidate_label_idx')
        .on('interview_results')
        .column('candidate_label')
        .execute();
    },
  };
}
