import type { Kysely, Migration } from '../kysely.js';
import { columnTypes, type LedgerDialect } from './column-types.js';

/**
 * Prompt experiments: an experiment compares variants of one component's prompt; each sample is
 * one run of the component through the engine (its run, attempts, findings and costs are in the
 * usual tables), listed here in the interleaved order it was planned in.
 */
export function experimentsMigration(dialect: LedgerDialect): Migration {
  const types = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('experiments')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('plan_file', 'text', (column) => column.notNull())
        .addColumn('plan_hash', 'text', (column) => column.notNull())
        .addColumn('component_key', 'text', (column) => column.notNull())
        .addColumn('variants_file', 'text', (column) => column.notNull())
        .addColumn('variants_hash', 'text', (column) => column.notNull())
        .addColumn('samples_per_variant', 'integer', (column) => column.notNull())
        .addColumn('max_attempts', 'integer', (column) => column.notNull())
        .addColumn('provider_id', 'text', (column) => column.notNull())
        .addColumn('base_commit', 'text', (column) => column.notNull())
        .addColumn('workspace', 'text', (column) => column.notNull())
        .addColumn('budget_usd', types.real)
        .addColumn('budget_tokens', 'integer')
        .addColumn('seed', 'integer', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await db.schema
        .createTable('experiment_variants')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('experiment_id', 'text', (column) => column.notNull().references('experiments.id'))
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('baseline', 'integer', (column) => column.notNull())
        .addColumn('description', 'text')
        .addColumn('provider_id', 'text', (column) => column.notNull())
        .addColumn('temperature', types.real, (column) => column.notNull())
        .addColumn('changes', types.json, (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('status_reason', 'text')
        .addUniqueConstraint('experiment_variants_key', ['experiment_id', 'key'])
        .execute();
      await db.schema
        .createTable('experiment_samples')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('experiment_id', 'text', (column) => column.notNull().references('experiments.id'))
        .addColumn('variant_id', 'text', (column) => column.notNull().references('experiment_variants.id'))
        .addColumn('sequence', 'integer', (column) => column.notNull())
        .addColumn('number', 'integer', (column) => column.notNull())
        .addColumn('run_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('first_pass', 'integer')
        .addColumn('attempts', 'integer')
        .addColumn('escalated', 'integer')
        .addColumn('blocking_findings', types.json)
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('cost_usd', types.real)
        .addColumn('unpriced_calls', 'integer')
        .addColumn('latency_ms', 'integer')
        .addColumn('model_ms', 'integer')
        .addColumn('error', 'text')
        .addColumn('started_at', 'text')
        .addColumn('ended_at', 'text')
        .addUniqueConstraint('experiment_samples_sequence', ['experiment_id', 'sequence'])
        .execute();
    },
  };
}
