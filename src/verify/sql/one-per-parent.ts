import { relative } from 'node:path';
import type { Finding } from '../finding.js';
import type { ObjectOrigin } from './apply-migrations.js';
import type { Catalog, ForeignKey } from './catalog.js';
import type { CodeIntent } from './code-intent.js';
import { columnRange } from './origin-range.js';
import type { PlanIntent } from './plan-intent.js';
import type { SqlEngine } from './sql-engine.js';
import { sqlFinding } from './sql-finding.js';
import { normaliseRelation, tableBaseName } from './sql-names.js';

/** Table names that hold at most one row per parent: a user's preferences, settings or profile. */
const onePerParentTable = /(^|_)(preferences|prefs|settings|profiles?|config|configuration)$/i;
/** Columns that make a table a key-value store, with many rows per parent by design. */
const keyColumn =
  /^(key|name|setting|setting_key|preference|preference_key|option|channel|type|kind|scope)$/i;

/** What the one-per-parent rule reads besides the catalog: the code's and the plan's intent. */
export interface OnePerParentInputs {
  codeIntents: readonly CodeIntent[];
  planIntents: readonly PlanIntent[];
  /** The project root, to show the plan's path relative to it. */
  root: string;
  /** Whether the schema is written in schema.prisma, where the fix is `@unique`. */
  prisma: boolean;
  /** Tables by ORM model name, where the ORM's config renames them (Prisma's `@@map`). */
  ormTables?: ReadonlyMap<string, string>;
}

interface Claim {
  table: string;
  columns: string[];
  signals: string[];
  /** The parent table, when the table's own name is a signal. */
  namedParent?: string;
  /** Whether a signal says so outright (the plan, an upsert, the table's kind) rather than suggests it (a LIMIT 1 read). */
  strong: boolean;
  statements: string[];
}

/** Lower case, letters and digits only, singular: `Baskets`, `basket` and `BASKET` are one noun; `owner_id` and `ownerId` one column. */
export function looseName(name: string): string {
  const plain = tableBaseName(name)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (plain.endsWith('ies')) return `${plain.slice(0, -3)}y`;
  if (/(ses|xes|ches|shes)$/.test(plain)) return plain.slice(0, -2);
  if (plain.endsWith('s') && !plain.endsWith('ss')) return plain.slice(0, -1);
  return plain;
}

function sqlName(name: string, dialect: SqlEngine['dialect']): string {
  const relation = normaliseRelation(name.replaceAll('`', '"'));
  return dialect === 'sqlite' ? relation.toLowerCase() : relation;
}

function tablesOf(catalog: Catalog): string[] {
  return [...new Set(catalog.columns.map((column) => column.table))];
}

function columnsOf(catalog: Catalog, table: string): string[] {
  return catalog.columns.filter((column) => column.table === table).map((column) => column.name);
}

/** Resolves a code intent's table and columns to the catalog's, or undefined when they are not in it. */
function resolveCode(
  catalog: Catalog,
  intent: CodeIntent,
  dialect: SqlEngine['dialect'],
  ormTables: ReadonlyMap<string, string>,
): { table: string; columns: string[] } | undefined {
  const same = intent.ormName
    ? (left: string, right: string) => looseName(left) === looseName(right)
    : (left: string, right: string) => sqlName(left, dialect) === sqlName(right, dialect);
  const mapped = intent.ormName
    ? [...ormTables].find(([model]) => looseName(model) === looseName(intent.table))?.[1]
    : undefined;
  const tables = tablesOf(catalog);
  const table =
    (mapped && tables.find((candidate) => tableBaseName(candidate) === mapped)) ??
    tables.find((candidate) => same(candidate, intent.table));
  if (!table) return undefined;
  const available = columnsOf(catalog, table);
  const columns = intent.columns.map((column) =>
    available.find((candidate) =>
      intent.ormName
        ? candidate.toLowerCase().replace(/_/g, '') === column.toLowerCase().replace(/_/g, '')
        : same(candidate, column),
    ),
  );
  return columns.every((column) => column !== undefined)
    ? { table, columns: columns as string[] }
    : undefined;
}

/** The column of a table that points at a parent: a foreign key to it, else `<parent>_id`. */
function parentColumn(catalog: Catalog, table: string, parent: string): string | undefined {
  const key = catalog.foreignKeys.find(
    (candidate) =>
      candidate.table === table &&
      candidate.columns.length === 1 &&
      looseName(candidate.referenced) === looseName(parent),
  );
  if (key?.columns[0]) return key.columns[0];
  return columnsOf(catalog, table).find((column) => looseName(column) === `${looseName(parent)}id`);
}

function resolvePlan(catalog: Catalog, intent: PlanIntent): { table: string; column: string } | undefined {
  const words = intent.child.trim().split(/\s+/);
  const nouns = [words.join(''), words.at(-1) ?? ''].map(looseName);
  for (const table of tablesOf(catalog)) {
    if (!nouns.includes(looseName(table))) continue;
    const column = parentColumn(catalog, table, intent.parent);
    if (column) return { table, column };
  }
  return undefined;
}

const uniqueIndexes = (catalog: Catalog, table: string) =>
  catalog.indexes.filter((index) => index.table === table && index.unique && !index.partial);

/** Whether a unique key (constraint, primary key or unique index) already allows at most one row per these columns. */
function isUnique(catalog: Catalog, table: string, columns: readonly string[]): boolean {
  return uniqueIndexes(catalog, table).some(
    (index) => index.columns.length > 0 && index.columns.every((column) => columns.includes(column)),
  );
}

/** Whether the table's design says many rows per column: a key-value column, or a wider unique key that includes it. */
function manyByDesign(catalog: Catalog, table: string, column: string): boolean {
  if (columnsOf(catalog, table).some((candidate) => keyColumn.test(candidate))) return true;
  return uniqueIndexes(catalog, table).some(
    (index) => index.columns.length > 1 && index.columns.includes(column),
  );
}

function namedOnePerParent(catalog: Catalog, key: ForeignKey): boolean {
  const column = key.columns[0];
  if (key.columns.length !== 1 || !column || !onePerParentTable.test(tableBaseName(key.table))) return false;
  if (!/_id$/i.test(column) || manyByDesign(catalog, key.table, column)) return false;
  // Any candidate key besides a surrogate `id` (the parent's id itself, or another) says the grain was chosen.
  return uniqueIndexes(catalog, key.table).every(
    (index) => index.columns.length === 1 && index.columns[0] === 'id',
  );
}

function isParentColumn(catalog: Catalog, table: string, column: string): boolean {
  const isKey = catalog.foreignKeys.some(
    (key) => key.table === table && key.columns.length === 1 && key.columns[0] === column,
  );
  return isKey || /(_id|[a-z]Id)$/.test(column);
}

/**
 * Tables the code, the plan or the table's own name treat as one row per parent, whose parent column
 * has no unique key: a second row for the same parent is accepted and later read at random. Each
 * finding names the signals it came from, and an upsert is planned on the engine to prove it fails.
 */
export async function checkOnePerParent(
  catalog: Catalog,
  origins: ReadonlyMap<string, ObjectOrigin>,
  engine: Pick<SqlEngine, 'dialect' | 'probe'>,
  inputs: OnePerParentInputs,
): Promise<Finding[]> {
  const claims = new Map<string, Claim>();
  const claim = (table: string, columns: string[], signal: string, strong: boolean, statement?: string) => {
    const id = `${table}|${columns.join(',')}`;
    const entry = claims.get(id) ?? { table, columns, signals: [], strong: false, statements: [] };
    if (!entry.signals.includes(signal)) entry.signals.push(signal);
    entry.strong ||= strong;
    if (statement) entry.statements.push(statement);
    claims.set(id, entry);
  };
  for (const key of catalog.foreignKeys) {
    const [column] = key.columns;
    if (!namedOnePerParent(catalog, key) || !column) continue;
    claim(key.table, [column], `the table's name says one row per ${tableBaseName(key.referenced)}`, true);
    const entry = claims.get(`${key.table}|${column}`);
    if (entry) entry.namedParent = key.referenced;
  }
  for (const intent of inputs.planIntents) {
    const resolved = resolvePlan(catalog, intent);
    const where = relative(inputs.root, intent.planFile).split('\\').join('/');
    if (resolved)
      claim(
        resolved.table,
        [resolved.column],
        `the plan says "${intent.quote}" (${where}:${intent.line})`,
        true,
      );
  }
  for (const intent of inputs.codeIntents) {
    const resolved = resolveCode(catalog, intent, engine.dialect, inputs.ormTables ?? new Map());
    if (!resolved) continue;
    const at = `${intent.file}:${intent.line}`;
    if (intent.kind === 'upsert') {
      claim(
        resolved.table,
        resolved.columns,
        `the code upserts with ${intent.evidence} (${at})`,
        true,
        intent.statement,
      );
      continue;
    }
    const [column] = resolved.columns;
    if (
      !column ||
      !isParentColumn(catalog, resolved.table, column) ||
      manyByDesign(catalog, resolved.table, column)
    )
      continue;
    const reads = intent.kind === 'limit-one' ? 'reads one row per' : 'reads the first row per';
    claim(
      resolved.table,
      resolved.columns,
      `the code ${reads} ${column} with ${intent.evidence} (${at})`,
      false,
    );
  }
  const findings: Finding[] = [];
  for (const entry of claims.values()) {
    if (isUnique(catalog, entry.table, entry.columns)) continue;
    const origin = origins.get(`${entry.table}.${entry.columns[0]}`) ?? origins.get(entry.table);
    if (!origin) continue;
    const signals = [...entry.signals];
    for (const statement of entry.statements) {
      const rejection = await engine.probe(statement);
      if (rejection && /on conflict/i.test(rejection)) {
        const label = engine.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
        signals.push(`${label} rejects that statement on the migrated schema: "${rejection}"`);
        break;
      }
    }
    findings.push(onePerParentFinding(entry, signals, origin, engine.dialect, inputs.prisma));
  }
  return findings;
}

function onePerParentFinding(
  entry: Claim,
  signals: readonly string[],
  origin: ObjectOrigin,
  dialect: SqlEngine['dialect'],
  prisma: boolean,
): Finding {
  const columns = entry.columns.join(', ');
  const name = `${tableBaseName(entry.table)}_${entry.columns.join('_')}_key`;
  const suggestion =
    dialect === 'sqlite'
      ? `CREATE UNIQUE INDEX ${name} ON ${entry.table} (${columns});`
      : `ALTER TABLE ${entry.table} ADD CONSTRAINT ${name} UNIQUE (${columns});`;
  const fix = prisma
    ? `Mark the field @unique (or add @@unique([${columns}])) in schema.prisma and create a migration`
    : `Add ${suggestion} (or declare the column UNIQUE)`;
  // The table's name alone keeps the words this rule has always used, which recorded repair prompts quote.
  const message =
    entry.namedParent && signals.length === 1
      ? `Table ${entry.table} holds one row per ${entry.namedParent}, but nothing stops two rows with the same ${columns}: ${columns} has no UNIQUE constraint.`
      : `Table ${entry.table} holds one row per ${columns}, but nothing stops two rows with the same ${columns}: no UNIQUE constraint or unique index covers it. Signals: ${signals.join('; ')}.`;
  const finding = sqlFinding(
    'sql/one-per-parent-needs-unique',
    origin.migration.file,
    columnRange(origin, entry.columns[0] ?? ''),
    {
      message,
      hint: `${fix}, so a second row for the same parent is rejected instead of silently read at random.`,
      suggestion,
    },
  );
  if (!entry.strong) finding.severity = 'warning';
  return finding;
}
