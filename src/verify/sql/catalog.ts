/** A foreign key as the catalog holds it. */
export interface ForeignKey {
  name: string;
  table: string;
  referenced: string;
  columns: string[];
  /** `a` no action (the default), `r` restrict, `c` cascade, `n` set null, `d` set default. */
  onDelete: string;
}

export interface Column {
  table: string;
  name: string;
  type: string;
  notNull: boolean;
}

export interface Index {
  table: string;
  columns: string[];
  unique: boolean;
  partial: boolean;
}

/** The parts of the resulting schema the catalog rules read. */
export interface Catalog {
  foreignKeys: ForeignKey[];
  columns: Column[];
  indexes: Index[];
  /** Tables with a user trigger that fires on UPDATE. */
  updateTriggerTables: Set<string>;
}

const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

const foreignKeyQuery = `
  SELECT con.conname AS name, con.conrelid::regclass::text AS "table",
    con.confrelid::regclass::text AS referenced, con.confdeltype::text AS on_delete,
    (SELECT string_agg(a.attname::text, ',' ORDER BY k.ordinality)
       FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ordinality)
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns
  FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
  WHERE con.contype = 'f' AND ${userSchemas}`;

const columnQuery = `
  SELECT c.oid::regclass::text AS "table", a.attname::text AS name,
    format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${userSchemas}`;

const indexQuery = `
  SELECT i.indrelid::regclass::text AS "table", i.indisunique AS is_unique, i.indpred IS NOT NULL AS partial,
    (SELECT string_agg(a.attname::text, ',' ORDER BY k.ordinality)
       FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ordinality)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns
  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${userSchemas}`;

const triggerQuery = `
  SELECT DISTINCT t.tgrelid::regclass::text AS "table" FROM pg_trigger t
  WHERE NOT t.tgisinternal AND (t.tgtype & 16) <> 0`;

const split = (list: string | null): string[] => (list ? list.split(',') : []);

/** Runs a query and returns its rows, on whichever connection the engine holds. */
export type RunQuery = <Row>(sql: string) => Promise<Row[]>;

const snapshotQuery = `
  WITH relations AS (
    SELECT c.oid, c.oid::regclass::text AS name FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%')
  SELECT name AS key FROM relations
  UNION ALL
  SELECT r.name || '.' || a.attname FROM relations r
    JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT r.name || ':' || con.conname FROM relations r JOIN pg_constraint con ON con.conrelid = r.oid`;

/** Keys of every relation (`users`), column (`users.email`) and constraint (`users:users_pkey`) there is now. */
export async function postgresSnapshot(query: RunQuery): Promise<Set<string>> {
  const rows = await query<{ key: string }>(snapshotQuery);
  return new Set(rows.map((row) => row.key));
}

/** Reads foreign keys, columns, indexes and update triggers of every user schema of a Postgres database. */
export async function readPostgresCatalog(query: RunQuery): Promise<Catalog> {
  const engine = { query };
  const foreignKeys = await engine.query<{
    name: string;
    table: string;
    referenced: string;
    on_delete: string;
    columns: string | null;
  }>(foreignKeyQuery);
  const columns = await engine.query<{ table: string; name: string; type: string; not_null: boolean }>(
    columnQuery,
  );
  const indexes = await engine.query<{
    table: string;
    is_unique: boolean;
    partial: boolean;
    columns: string | null;
  }>(indexQuery);
  const triggers = await engine.query<{ table: string }>(triggerQuery);
  return {
    foreignKeys: foreignKeys.map((row) => ({
      name: row.name,
      table: row.table,
      referenced: row.referenced,
      columns: split(row.columns),
      onDelete: row.on_delete,
    })),
    columns: columns.map((row) => ({
      table: row.table,
      name: row.name,
      type: row.type,
      notNull: row.not_null,
    })),
    indexes: indexes.map((row) => ({
      table: row.table,
      columns: split(row.columns),
      unique: row.is_unique,
      partial: row.partial,
    })),
    updateTriggerTables: new Set(triggers.map((row) => row.table)),
  };
}
