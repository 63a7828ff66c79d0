/** The SQL dialects migrations are written in; only PostgreSQL and SQLite are replayed. */
export type SqlDialect = 'postgresql' | 'sqlite' | 'mysql' | 'sqlserver' | 'clickhouse';

/** A dialect and the evidence it was read from, which notes and findings quote. */
export interface DialectEvidence {
  dialect: SqlDialect;
  /** Such as `provider = "sqlite" in prisma/migrations/migration_lock.toml`. */
  source: string;
}

export const dialectLabels: Readonly<Record<SqlDialect, string>> = {
  postgresql: 'PostgreSQL',
  sqlite: 'SQLite',
  mysql: 'MySQL',
  sqlserver: 'SQL Server',
  clickhouse: 'ClickHouse',
};

/** Drivers, clients, Prisma providers and Drizzle dialects, by the database they speak to. */
const clientDialects: ReadonlyArray<readonly [SqlDialect, readonly string[]]> = [
  [
    'postgresql',
    [
      'pg',
      'postgres',
      'postgresql',
      'pg-native',
      'pg-promise',
      'slonik',
      'cockroachdb',
      '@neondatabase/serverless',
      '@vercel/postgres',
      '@electric-sql/pglite',
      'pglite',
      'pgsql',
    ],
  ],
  [
    'sqlite',
    [
      'sqlite',
      'sqlite3',
      'better-sqlite3',
      'better-sqlite',
      'libsql',
      '@libsql/client',
      'turso',
      'd1',
      'd1-http',
      'expo',
      'durable-sqlite',
      'bun:sqlite',
      'node:sqlite',
      'sql.js',
    ],
  ],
  ['mysql', ['mysql', 'mysql2', 'mariadb', 'singlestore', '@planetscale/database', 'planetscale', 'tidb']],
  ['sqlserver', ['sqlserver', 'mssql', 'tedious']],
  ['clickhouse', ['clickhouse', '@clickhouse/client', 'clickhouse-client']],
];

/** Folder names that say which database the SQL inside is for, as in `db/mysql/` or `db/clickhouse/migrations/`. */
const folderDialects: ReadonlyArray<readonly [SqlDialect, RegExp]> = [
  ['postgresql', /^(postgres|postgresql|pg|pgsql)$/i],
  ['sqlite', /^(sqlite|sqlite3|libsql|d1)$/i],
  ['mysql', /^(mysql|mariadb)$/i],
  ['sqlserver', /^(mssql|sqlserver)$/i],
  ['clickhouse', /^clickhouse$/i],
];

/** The dialect a folder on a project path names, nearest folder first. */
export function dialectOfFolders(file: string): DialectEvidence | undefined {
  const folders = file.split('/').slice(0, -1).reverse();
  for (const folder of folders) {
    const dialect = folderDialects.find(([, pattern]) => pattern.test(folder))?.[0];
    if (dialect) return { dialect, source: `the folder name ${folder}/ in ${file}` };
  }
  return undefined;
}

/** The dialect a driver, knex client, Prisma provider or Drizzle dialect name stands for. */
export function dialectOfClient(name: string): SqlDialect | undefined {
  const normalised = name.trim().toLowerCase();
  return clientDialects.find(([, names]) => names.includes(normalised))?.[0];
}

interface SyntaxSignal {
  dialect: SqlDialect;
  pattern: RegExp;
  label: string;
  /** 3 for syntax only that dialect accepts; 1 for syntax another dialect also takes. */
  weight: number;
}

const syntaxSignals: readonly SyntaxSignal[] = [
  { dialect: 'sqlite', pattern: /\bautoincrement\b/i, label: 'AUTOINCREMENT', weight: 3 },
  { dialect: 'sqlite', pattern: /\bwithout\s+rowid\b/i, label: 'WITHOUT ROWID', weight: 3 },
  { dialect: 'sqlite', pattern: /^\s*pragma\s/im, label: 'PRAGMA', weight: 3 },
  { dialect: 'sqlite', pattern: /\)\s*strict\s*(;|$)/im, label: 'STRICT table', weight: 3 },
  { dialect: 'sqlite', pattern: /\b(datetime|strftime|julianday)\s*\(/i, label: 'datetime()', weight: 3 },
  { dialect: 'sqlite', pattern: /\binteger\s+primary\s+key\b/i, label: 'INTEGER PRIMARY KEY', weight: 1 },
  { dialect: 'mysql', pattern: /`[^`\n]+`/, label: 'backtick identifiers', weight: 3 },
  { dialect: 'mysql', pattern: /\bengine\s*=\s*\w+/i, label: 'ENGINE=', weight: 3 },
  { dialect: 'mysql', pattern: /\bauto_increment\b/i, label: 'AUTO_INCREMENT', weight: 3 },
  { dialect: 'mysql', pattern: /\bunsigned\b/i, label: 'UNSIGNED', weight: 3 },
  { dialect: 'mysql', pattern: /\b(default\s+)?charset\s*=/i, label: 'CHARSET=', weight: 3 },
  {
    dialect: 'mysql',
    pattern: /\b(tinyint|mediumint|longtext|mediumtext|tinytext|longblob)\b/i,
    label: 'MySQL types',
    weight: 3,
  },
  { dialect: 'mysql', pattern: /\bon\s+update\s+current_timestamp\b/i, label: 'ON UPDATE', weight: 3 },
  {
    dialect: 'clickhouse',
    pattern: /\bengine\s*=\s*\w*mergetree\b/i,
    label: 'ENGINE = MergeTree',
    weight: 6,
  },
  {
    dialect: 'clickhouse',
    pattern: /\b(lowcardinality|nullable|datetime64)\s*\(/i,
    label: 'ClickHouse types',
    weight: 6,
  },
  { dialect: 'postgresql', pattern: /\b(big|small)?serial\b/i, label: 'SERIAL', weight: 3 },
  { dialect: 'postgresql', pattern: /::\s*[a-z_]/i, label: ':: casts', weight: 3 },
  {
    dialect: 'postgresql',
    pattern: /\b(jsonb|timestamptz|bytea|inet|tsvector)\b/i,
    label: 'types',
    weight: 3,
  },
  { dialect: 'postgresql', pattern: /\$[a-z_]*\$/i, label: 'dollar quoting', weight: 3 },
  { dialect: 'postgresql', pattern: /\bcreate\s+extension\b/i, label: 'CREATE EXTENSION', weight: 3 },
  { dialect: 'postgresql', pattern: /\bplpgsql\b/i, label: 'PL/pgSQL', weight: 3 },
  {
    dialect: 'postgresql',
    pattern: /\b(gen_random_uuid|uuid_generate_v4|now)\s*\(\s*\)/i,
    label: 'functions',
    weight: 1,
  },
  {
    dialect: 'postgresql',
    pattern: /\bgenerated\s+(always|by\s+default)\s+as\s+identity\b/i,
    label: 'identity columns',
    weight: 3,
  },
  { dialect: 'postgresql', pattern: /\bcreate\s+type\s+\S+\s+as\s+enum\b/i, label: 'enum types', weight: 3 },
  { dialect: 'postgresql', pattern: /\breturning\b/i, label: 'RETURNING', weight: 1 },
  { dialect: 'postgresql', pattern: /\bconcurrently\b/i, label: 'CONCURRENTLY', weight: 3 },
];

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/**
 * The dialect SQL text is written in, from syntax only one dialect accepts; undefined when the text
 * says nothing decisive (plain `CREATE TABLE … (id integer)` runs everywhere).
 */
export function dialectFromSyntax(
  texts: ReadonlyArray<{ file: string; sql: string }>,
): DialectEvidence | undefined {
  const scores = new Map<SqlDialect, { score: number; labels: string[] }>();
  for (const { file, sql } of texts) {
    const code = withoutComments(sql);
    for (const signal of syntaxSignals) {
      if (!signal.pattern.test(code)) continue;
      const entry = scores.get(signal.dialect) ?? { score: 0, labels: [] };
      entry.score += signal.weight;
      if (entry.labels.length < 3) entry.labels.push(`${signal.label} in ${file}`);
      scores.set(signal.dialect, entry);
    }
  }
  const ranked = [...scores.entries()].sort((left, right) => right[1].score - left[1].score);
  const [best, second] = ranked;
  // One weak signal alone (`integer primary key` runs on PostgreSQL too) decides nothing.
  if (!best || best[1].score < 3 || (second && second[1].score === best[1].score)) return undefined;
  return { dialect: best[0], source: `SQL syntax: ${best[1].labels.join(', ')}` };
}
