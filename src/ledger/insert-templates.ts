import type { CompiledQuery, Kysely } from './kysely.js';
import type { LedgerDatabase, LedgerTableName } from './schema.js';

type Row = Readonly<Record<string, unknown>>;

// Larger batches are rare (a plan's components, many findings) and would only fill the cache.
const maxTemplatedRows = 16;

/**
 * Compiled multi-row INSERTs kept by table, columns, row count and RETURNING column, so a hot write
 * (every engine step inserts a few rows) skips rebuilding and recompiling the same statement: the
 * builder costs more than SQLite's own work on a small row. Rows with an `undefined` value are not
 * templated, since Kysely writes DEFAULT for those rather than a parameter.
 */
export function createInsertTemplates() {
  const templates = new Map<string, CompiledQuery<unknown>>();
  return {
    /** The compiled statement and its parameters, or undefined when the rows cannot use a template. */
    compile(
      db: Kysely<LedgerDatabase>,
      table: LedgerTableName,
      rows: readonly Row[],
      returning?: string,
    ): CompiledQuery<unknown> | undefined {
      const first = rows[0];
      if (!first || rows.length > maxTemplatedRows) return undefined;
      const columns = Object.keys(first);
      const parameters: unknown[] = [];
      for (const row of rows) {
        const keys = Object.keys(row);
        if (keys.length !== columns.length) return undefined;
        for (const column of columns) {
          const value = row[column];
          if (value === undefined) return undefined;
          parameters.push(value);
        }
      }
      const key = `${table}\u0000${columns.join(',')}\u0000${rows.length}\u0000${returning ?? ''}`;
      let template = templates.get(key);
      if (!template) {
        // Every value compiles to one parameter, row by row and column by column, in this order.
        const placeholders = rows.map(() => Object.fromEntries(columns.map((column) => [column, null])));
        const query = db.insertInto(table).values(placeholders as never);
        template = (
          returning ? query.returning(returning as never) : query
        ).compile() as CompiledQuery<unknown>;
        if (template.parameters.length !== parameters.length) return undefined;
        templates.set(key, template);
      }
      return { ...template, parameters };
    },
  };
}
