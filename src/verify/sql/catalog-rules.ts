import type { Finding, SourceRange } from '../finding.js';
import type { ObjectOrigin } from './apply-migrations.js';
import type { Catalog, ForeignKey } from './catalog.js';
import { columnRange } from './origin-range.js';
import { sqlFinding } from './sql-finding.js';

const updatedAtColumn = /^(updated_at|updatedat|modified_at|last_modified)$/i;

interface Located {
  file: string;
  range: SourceRange;
}

/** Where to report about a table's column: its definition, else the table's creation. */
function locate(
  origins: ReadonlyMap<string, ObjectOrigin>,
  table: string,
  column?: string,
): Located | undefined {
  const origin = (column && origins.get(`${table}.${column}`)) || origins.get(table);
  if (!origin) return undefined;
  return {
    file: origin.migration.file,
    range: column ? columnRange(origin, column) : origin.lines.range(origin.offset),
  };
}

function hasLeadingIndex(catalog: Catalog, key: ForeignKey): boolean {
  return catalog.indexes.some(
    (index) =>
      index.table === key.table &&
      !index.partial &&
      key.columns.every((column, position) => index.columns[position] === column),
  );
}

/**
 * Rules about the schema the migrations produce, read from the catalog of the real database. On
 * SQLite, whose column types are affinities, the PostgreSQL type rules do not apply.
 */
export function checkCatalog(
  catalog: Catalog,
  origins: ReadonlyMap<string, ObjectOrigin>,
  options: { dialect?: 'postgresql' | 'sqlite'; maintainedColumns?: ReadonlySet<string> } = {},
): Finding[] {
  const postgres = (options.dialect ?? 'postgresql') === 'postgresql';
  const findings: Finding[] = [];
  const report = (
    ruleId: string,
    table: string,
    column: string | undefined,
    text: { message: string; hint: string; suggestion?: string },
  ): void => {
    const where = locate(origins, table, column);
    if (where) findings.push(sqlFinding(ruleId, where.file, where.range, text));
  };
  for (const key of catalog.foreignKeys) {
    const columns = key.columns.join(', ');
    const first = key.columns[0];
    if (!hasLeadingIndex(catalog, key)) {
      report('sql/foreign-key-without-index', key.table, first, {
        message: `Foreign key ${key.table}(${columns}) → ${key.referenced} has no index: joins and deletes on ${key.referenced} scan all of ${key.table}.`,
        hint: `Add CREATE INDEX ON ${key.table} (${columns}).`,
        suggestion: `CREATE INDEX ON ${key.table} (${columns});`,
      });
    }
    const nullable = key.columns.filter((column) =>
      catalog.columns.some((entry) => entry.table === key.table && entry.name === column && !entry.notNull),
    );
    for (const column of nullable) {
      report('sql/nullable-foreign-key', key.table, column, {
        message: `Foreign key column ${key.table}.${column} is nullable, so a row may belong to no ${key.referenced}.`,
        hint: `Declare it NOT NULL, unless having no ${key.referenced} is a real state.`,
      });
    }
    if (key.onDelete === 'a') {
      report('sql/foreign-key-without-on-delete', key.table, first, {
        message: `Foreign key ${key.table}(${columns}) → ${key.referenced} says nothing about deletes: deleting a ${key.referenced} row that is referenced fails.`,
        hint: 'State the intent with ON DELETE CASCADE, SET NULL or RESTRICT.',
      });
    }
  }
  for (const column of catalog.columns) {
    if (postgres && /^timestamp(\(\d+\))? without time zone(\[\])?$/.test(column.type)) {
      report('sql/timestamp-without-time-zone', column.table, column.name, {
        message: `Column ${column.table}.${column.name} is ${column.type}: it stores a wall-clock time with no zone, read differently by each session's time zone.`,
        hint: 'Use timestamptz (timestamp with time zone).',
        suggestion: 'timestamptz',
      });
    }
    if (postgres && /^json(\[\])?$/.test(column.type)) {
      report('sql/json-instead-of-jsonb', column.table, column.name, {
        message: `Column ${column.table}.${column.name} is json: it is re-parsed on every read and cannot be indexed or compared.`,
        hint: 'Use jsonb, unless the exact text and key order must be kept.',
        suggestion: 'jsonb',
      });
    }
    const maintained = options.maintainedColumns?.has(`${column.table}.${column.name}`) ?? false;
    if (updatedAtColumn.test(column.name) && !catalog.updateTriggerTables.has(column.table) && !maintained) {
      report('sql/updated-at-without-trigger', column.table, column.name, {
        message: `Column ${column.table}.${column.name} has no trigger that maintains it, so it keeps its first value unless every writer remembers to set it.`,
        hint: postgres
          ? `Add a BEFORE UPDATE trigger on ${column.table} that sets NEW.${column.name} = now().`
          : `Add an AFTER UPDATE trigger on ${column.table} that sets ${column.name} to the current time for the updated row.`,
      });
    }
  }
  return findings;
}
