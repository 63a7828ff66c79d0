import type { Catalog, ForeignKey, Index } from './catalog.js';
import type { SqlEngine } from './sql-engine.js';

const userTables = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

/** SQLite's ON DELETE actions, as the one-letter codes Postgres's catalog uses. */
const onDeleteCodes: Readonly<Record<string, string>> = {
  'NO ACTION': 'a',
  RESTRICT: 'r',
  CASCADE: 'c',
  'SET NULL': 'n',
  'SET DEFAULT': 'd',
};

interface ColumnRow {
  table: string;
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

interface ForeignKeyRow {
  table: string;
  id: number;
  seq: number;
  referenced: string;
  from: string;
  on_delete: string;
}

interface IndexRow {
  table: string;
  index: string;
  unique: number;
  origin: string;
  partial: number;
  column: string | null;
}

type Database = import('better-sqlite3').Database;

function readCatalog(database: Database): Catalog {
  const columns = database
    .prepare(
      `SELECT m.name AS "table", p.name, p.type, p."notnull", p.pk FROM (${userTables}) m, pragma_table_info(m.name) p ORDER BY m.name, p.cid`,
    )
    .all() as ColumnRow[];
  const keys = database
    .prepare(
      `SELECT m.name AS "table", f.id, f.seq, f."table" AS referenced, f."from", f.on_delete FROM (${userTables}) m, pragma_foreign_key_list(m.name) f ORDER BY m.name, f.id, f.seq`,
    )
    .all() as ForeignKeyRow[];
  const indexRows = database
    .prepare(
      `SELECT m.name AS "table", l.name AS "index", l."unique", l.origin, l.partial, i.name AS "column" FROM (${userTables}) m, pragma_index_list(m.name) l, pragma_index_info(l.name) i ORDER BY m.name, l.name, i.seqno`,
    )
    .all() as IndexRow[];
  const triggers = database
    .prepare(`SELECT tbl_name AS "table", sql FROM sqlite_master WHERE type = 'trigger'`)
    .all() as Array<{ table: string; sql: string | null }>;

  const foreignKeys = new Map<string, ForeignKey>();
  for (const row of keys) {
    const id = `${row.table}#${row.id}`;
    const key = foreignKeys.get(id) ?? {
      name: `${row.table}_fk_${row.id}`,
      table: row.table,
      referenced: row.referenced,
      columns: [],
      onDelete: onDeleteCodes[row.on_delete.toUpperCase()] ?? 'a',
    };
    key.columns.push(row.from);
    foreignKeys.set(id, key);
  }
  const indexes = new Map<string, Index & { origin: string }>();
  for (const row of indexRows) {
    const id = `${row.table}#${row.index}`;
    const index = indexes.get(id) ?? {
      table: row.table,
      columns: [],
      unique: row.unique === 1,
      partial: row.partial === 1,
      origin: row.origin,
    };
    if (row.column !== null) index.columns.push(row.column);
    indexes.set(id, index);
  }
  // An INTEGER PRIMARY KEY is the rowid itself: unique and never null, with no index of its own to list.
  const rowidKeys = new Set<string>();
  for (const table of new Set(columns.map((column) => column.table))) {
    const primary = columns.filter((column) => column.table === table && column.pk > 0);
    const listed = [...indexes.values()].some((index) => index.table === table && index.origin === 'pk');
    if (primary.length === 0 || listed) continue;
    primary.sort((left, right) => left.pk - right.pk);
    indexes.set(`${table}#rowid`, {
      table,
      columns: primary.map((column) => column.name),
      unique: true,
      partial: false,
      origin: 'pk',
    });
    for (const column of primary) rowidKeys.add(`${table}.${column.name}`);
  }
  return {
    foreignKeys: [...foreignKeys.values()],
    columns: columns.map((column) => ({
      table: column.table,
      name: column.name,
      type: column.type.toLowerCase(),
      notNull: column.notnull === 1 || rowidKeys.has(`${column.table}.${column.name}`),
    })),
    indexes: [...indexes.values()].map(({ origin: _origin, ...index }) => index),
    updateTriggerTables: new Set(
      triggers
        .filter((trigger) => /\b(before|after|instead\s+of)\s+update\b/i.test(trigger.sql ?? ''))
        .map((trigger) => trigger.table),
    ),
  };
}

function snapshot(database: Database): Set<string> {
  const rows = database
    .prepare(
      `SELECT m.name AS "table", p.name AS "column" FROM (${userTables}) m LEFT JOIN pragma_table_info(m.name) p`,
    )
    .all() as Array<{ table: string; column: string | null }>;
  const keys = new Set<string>();
  for (const row of rows) {
    keys.add(row.table);
    if (row.column !== null) keys.add(`${row.table}.${row.column}`);
  }
  return keys;
}

/** SQLite in memory, through better-sqlite3: migrations written for SQLite run on SQLite itself. */
export async function openSqliteEngine(): Promise<SqlEngine> {
  const { default: Sqlite } = await import('better-sqlite3');
  const database = new Sqlite(':memory:');
  return {
    dialect: 'sqlite',
    execute: async (sql) => {
      database.exec(sql);
    },
    query: async <Row>(sql: string) => database.prepare(sql).all() as Row[],
    snapshot: async () => snapshot(database),
    readCatalog: async () => readCatalog(database),
    probe: async (sql) => {
      try {
        database.prepare(sql);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    close: async () => {
      database.close();
    },
  };
}
