import { type Kysely, type Migration, sql } from '../kysely.js';
import { columnTypes, type LedgerDialect } from './column-types.js';

/** The first ledger schema: every table the workflow writes, with the indexes reports read by. */
export function initialMigration(dialect: LedgerDialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('feature', 'text', (column) => column.notNull())
        .addColumn('source_path', 'text')
        .addColumn('content_hash', 'text', (column) => column.notNull())
        .addColumn('document', types.json, (column) => column.notNull())
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('plan_id', 'text', (column) => column.notNull().references('plans.id'))
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('started_at', types.timestamp, (column) => column.notNull())
        .addColumn('ended_at', types.timestamp)
        .addColumn('budget_usd', types.real)
        .addColumn('options', types.json, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('components')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('plan_id', 'text', (column) => column.notNull().references('plans.id'))
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('title', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('triage', 'text')
        .addColumn('owner_role', 'text')
        .addColumn('estimate_hours', types.real)
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .addColumn('updated_at', types.timestamp, (column) => column.notNull())
        .addUniqueConstraint('components_plan_key_unique', ['plan_id', 'key'])
        .execute();

      await db.schema
        .createTable('attempts')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('component_id', 'text', (column) => column.notNull().references('components.id'))
        .addColumn('number', 'integer', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('worktree', 'text')
        .addColumn('branch', 'text')
        .addColumn('started_at', types.timestamp, (column) => column.notNull())
        .addColumn('ended_at', types.timestamp)
        .addUniqueConstraint('attempts_run_component_number_unique', ['run_id', 'component_id', 'number'])
        .execute();

      await db.schema
        .createTable('prompts')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('component_id', 'text', (column) => column.references('components.id'))
        .addColumn('attempt_id', 'text', (column) => column.references('attempts.id'))
        .addColumn('text', 'text', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull())
        .addColumn('tokens', 'integer')
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('responses')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('prompt_id', 'text', (column) => column.notNull().references('prompts.id'))
        .addColumn('attempt_id', 'text', (column) => column.references('attempts.id'))
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('text', 'text', (column) => column.notNull())
        .addColumn('finish_reason', 'text')
        .addColumn('duration_ms', 'integer', (column) => column.notNull())
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('edits')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('attempt_id', 'text', (column) => column.notNull().references('attempts.id'))
        .addColumn('response_id', 'text', (column) => column.references('responses.id'))
        .addColumn('path', 'text', (column) => column.notNull())
        .addColumn('format', 'text', (column) => column.notNull())
        .addColumn('content', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.references('runs.id'))
        .addColumn('attempt_id', 'text', (column) => column.references('attempts.id'))
        .addColumn('check_id', 'text', (column) => column.notNull())
        .addColumn('rule_id', 'text', (column) => column.notNull())
        .addColumn('severity', 'text', (column) => column.notNull())
        .addColumn('file', 'text')
        .addColumn('line', 'integer')
        .addColumn('column', 'integer')
        .addColumn('end_line', 'integer')
        .addColumn('end_column', 'integer')
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('hint', 'text')
        .addColumn('cwe', 'text')
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('reviews')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('component_id', 'text', (column) => column.notNull().references('components.id'))
        .addColumn('attempt_id', 'text', (column) => column.references('attempts.id'))
        .addColumn('reviewer', 'text', (column) => column.notNull())
        .addColumn('decision', 'text', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('activity_intervals')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('person', 'text', (column) => column.notNull())
        .addColumn('activity', 'text', (column) => column.notNull())
        .addColumn('component_id', 'text', (column) => column.references('components.id'))
        .addColumn('run_id', 'text', (column) => column.references('runs.id'))
        .addColumn('started_at', types.timestamp, (column) => column.notNull())
        .addColumn('ended_at', types.timestamp, (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addCheckConstraint('activity_intervals_order', sql`ended_at >= started_at`)
        .execute();

      await db.schema
        .createTable('costs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.references('runs.id'))
        .addColumn('attempt_id', 'text', (column) => column.references('attempts.id'))
        .addColumn('response_id', 'text', (column) => column.references('responses.id'))
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('input_tokens', 'integer', (column) => column.notNull())
        .addColumn('output_tokens', 'integer', (column) => column.notNull())
        .addColumn('usd', types.real)
        .addColumn('created_at', types.timestamp, (column) => column.notNull())
        .execute();

      const events = db.schema.createTable('events');
      await (dialect === 'postgres'
        ? events.addColumn('sequence', 'bigint', (column) => column.primaryKey().generatedAlwaysAsIdentity())
        : events.addColumn('sequence', 'integer', (column) => column.primaryKey().autoIncrement())
      )
        .addColumn('run_id', 'text')
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('at', types.timestamp, (column) => column.notNull())
        .addColumn('payload', types.json, (column) => column.notNull())
        .execute();

      const indexes: [string, string, string[]][] = [
        ['components_plan', 'components', ['plan_id']],
        ['attempts_component', 'attempts', ['component_id']],
        ['attempts_run', 'attempts', ['run_id']],
        ['prompts_attempt', 'prompts', ['attempt_id']],
        ['responses_attempt', 'responses', ['attempt_id']],
        ['edits_attempt', 'edits', ['attempt_id']],
        ['findings_attempt', 'findings', ['attempt_id']],
        ['findings_check_rule', 'findings', ['check_id', 'rule_id']],
        ['reviews_component', 'reviews', ['component_id']],
        ['activity_person_started', 'activity_intervals', ['person', 'started_at']],
        ['costs_run', 'costs', ['run_id']],
        ['events_run_sequence', 'events', ['run_id', 'sequence']],
      ];
      for (const [name, table, columns] of indexes) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
    },
  };
}
