import type { Finding, SourceRange } from '../finding.js';
import type { ObjectOrigin } from './apply-migrations.js';
import type { Catalog, ForeignKey } from './catalog.js';
import { sqlFinding } from './sql-finding.js';
import { tableBaseName } from './sql-names.js';

/** Table names that hold at most one row per parent: a user's preferences, settings or profile. */
const onePerParentTable = /(^|_)(preferences|prefs|settings|profiles?|config|configuration)$/i;
/** Columns that make a settings table a key-value store, with many rows per parent by design. */
const keyColumn =
  /^(key|name|setting|setting_key|preference|preference_key|option|channel|type|kind|scope)$/i;
const updatedAtColumn = /^(updated_at|updatedat|modified_at|last_modified)$/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The range of a column's definition inside the statement that created it, or of the statement. */
function columnRange(origin: ObjectOrigin, column: string): SourceRange {
  const quoted = `"?${escapeRegExp(column)}"?`;
  const definition = new RegExp(
    String.raw`(^|[(,]|\badd\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?)(\s*)(${quoted})\s+[a-z]`,
    'im',
  ).exec(origin.statement);
  if (!definition) return origin.lines.range(origin.offset);
  const index = definition.index + (definition[1]?.length ?? 0) + (definition[2]?.length ?? 0);
  return origin.lines.range(origin.offset + index);
}

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

function onePerParent(catalog: Catalog, key: ForeignKey): boolean {
  const column = key.columns[0];
  if (key.columns.length !== 1 || !column || !onePerParentTable.test(tableBaseName(key.table))) return false;
  if (!/_id$/i.test(column)) return false;
  const tableColumns = catalog.columns.filter((candidate) => candidate.table === key.table);
  if (tableColumns.some((candidate) => keyColumn.test(candidate.name))) return false;
  const uniques = catalog.indexes.filter(
    (index) => index.table === key.table && index.unique && !index.partial,
  );
  // Any candidate key besides a surrogate `id` (the parent's id itself, or another) says the grain was chosen.
  return uniques.every((index) => index.columns.length === 1 && index.columns[0] === 'id');
}

function hasLeadingIndex(catalog: Catalog, key: ForeignKey): boolean {
  return catalog.indexes.some(
    (index) =>
      index.table === key.table &&
      !index.partial &&
      key.columns.every((column, position) => index.columns[position] === column),
  );
}

/** Rules about the schema the migrations produce, read from the catalog of the real database. */
export function checkCatalog(catalog: Catalog, origins: ReadonlyMap<string, ObjectOrigin>): Finding[] {
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
    if (onePerParent(catalog, key)) {
      const suggestion = `ALTER TABLE ${key.table} ADD CONSTRAINT ${tableBaseName(key.table)}_${first}_key UNIQUE (${first});`;
      report('sql/one-per-parent-needs-unique', key.table, first, {
        message: `Table ${key.table} holds one row per ${key.referenced}, but nothing stops two rows with the same ${first}: ${first} has no UNIQUE constraint.`,
        hint: `Add ${suggestion} (or declare the column UNIQUE), so a second row for the same parent is rejected instead of silently read at random.`,
        suggestion,
      });
    }
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
    if (/^timestamp(\(\d+\))? without time zone(\[\])?$/.test(column.type)) {
      report('sql/timestamp-without-time-zone', column.table, column.name, {
        message: `Column ${column.table}.${column.name} is ${column.type}: it stores a wall-clock time with no zone, read differently by each session's time zone.`,
        hint: 'Use timestamptz (timestamp with time zone).',
        suggestion: 'timestamptz',
      });
    }
    if (/^json(\[\])?$/.test(column.type)) {
      report('sql/json-instead-of-jsonb', column.table, column.name, {
        message: `Column ${column.table}.${column.name} is json: it is re-parsed on every read and cannot be indexed or compared.`,
        hint: 'Use jsonb, unless the exact text and key order must be kept.',
        suggestion: 'jsonb',
      });
    }
    if (updatedAtColumn.test(column.name) && !catalog.updateTriggerTables.has(column.table)) {
      report('sql/updated-at-without-trigger', column.table, column.name, {
        message: `Column ${column.table}.${column.name} has no trigger that maintains it, so it keeps its first value unless every writer remembers to set it.`,
        hint: `Add a BEFORE UPDATE trigger on ${column.table} that sets NEW.${column.name} = now().`,
      });
    }
  }
  return findings;
}
