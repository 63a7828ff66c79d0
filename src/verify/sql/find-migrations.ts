import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ignoredFolderNames, toProjectPath } from '../project.js';
import { configFor, type DatabaseTools, detectDatabaseTools, type MigrationTool } from './database-tools.js';
import { type MigrationSource, readMigrationCode } from './migration-code.js';
import { hasSectionMarkers, upSections } from './migration-sections.js';
import { type DialectEvidence, dialectFromSyntax, dialectOfFolders } from './sql-dialect.js';

export type { MigrationSource } from './migration-code.js';
export { sqlInMigrationCode } from './migration-code.js';

/** One migration: a SQL file, or a migration module whose `up` runs literal SQL or builds schema in code. */
export interface Migration {
  /** Absolute path. */
  fileName: string;
  /** Path relative to the project root, with forward slashes; migrations apply in this order. */
  file: string;
  /** The file's whole text, for mapping offsets to lines. */
  text: string;
  /** The SQL that runs when the migration is applied (down sections left out). */
  sources: MigrationSource[];
  tool: MigrationTool;
  /** The database the migration is written for, and what says so. */
  dialect: DialectEvidence;
  /** The folder of the set the migration belongs to; each set is replayed on a database of its own. */
  root: string;
  /** Schema-builder calls of a migration module: any of them means the migration cannot be replayed as SQL. */
  builderCalls: string[];
}

/** The project's files, its database tooling, and its migrations in apply order. */
export interface MigrationProject {
  /** Every file of the project outside ignored folders, as project paths. */
  files: string[];
  tools: DatabaseTools;
  migrations: Migration[];
}

const codeExtensions = /\.(ts|mts|cts|js|mjs|cjs)$/;
const postgratorDo = /^\d+\.do\.[^/]*\.sql$/i;
const postgratorUndo = /^\d+\.undo\.[^/]*$/i;
/** `migrations/`, and named kinds of it such as `knex_migrations/` or `db-migration/`. */
const migrationsFolder = /(^|\/)([\w.-]*[_.-])?migrations?\//i;

/** The folder a migration's set starts at: its migrations folder, its tool's folder, else its own folder. */
function migrationRoot(file: string, tools: DatabaseTools): string {
  const match = migrationsFolder.exec(file);
  if (match) return file.slice(0, match.index + match[0].length - 1);
  return configFor(tools, file)?.folder ?? posix.dirname(file);
}

/**
 * Whether a project path is a migration by name: a SQL file in a migrations folder (or in a folder a
 * tool's config names), an `*.up.sql`, or a postgrator `NNN.do.*.sql`. Down files never are.
 */
export function isMigrationPath(file: string, folders: readonly string[] = []): boolean {
  const path = file.replaceAll('\\', '/');
  const base = posix.basename(path);
  if (/\.down\.sql$/i.test(base) || /^down\.sql$/i.test(base) || postgratorUndo.test(base)) return false;
  if (/\.up\.sql$/i.test(base) || postgratorDo.test(base)) return true;
  const inMigrations = migrationsFolder.test(path) || folders.some((folder) => path.startsWith(`${folder}/`));
  if (/(^|\/)meta\//.test(path)) return false;
  if (path.endsWith('.sql')) return inMigrations;
  return inMigrations && codeExtensions.test(path) && !/\.(test|spec)\.|\.d\.[mc]?ts$/.test(path);
}

function walk(directory: string, found: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!ignoredFolderNames.includes(entry.name) && !entry.name.startsWith('.')) walk(path, found);
    } else if (entry.isFile()) found.push(path);
  }
}

/** Compares paths with runs of digits by value, so `2.do.sql` applies before `10.do.sql`. */
export function compareMigrationPaths(left: string, right: string): number {
  const leftParts = left.split(/(\d+)/);
  const rightParts = right.split(/(\d+)/);
  for (let index = 0; index < Math.min(leftParts.length, rightParts.length); index += 1) {
    const a = leftParts[index] ?? '';
    const b = rightParts[index] ?? '';
    if (a === b) continue;
    if (index % 2 === 1 && Number(a) !== Number(b)) return Number(a) - Number(b);
    return a < b ? -1 : 1;
  }
  return leftParts.length - rightParts.length || (left < right ? -1 : left > right ? 1 : 0);
}

function toolOf(file: string, text: string, tools: DatabaseTools): MigrationTool {
  const config = configFor(tools, file);
  if (config && config.tool !== 'knex') return config.tool;
  if (postgratorDo.test(posix.basename(file))) return 'postgrator';
  if (file.endsWith('.sql')) return /^\s*--\s*up\s+migration\b/im.test(text) ? 'node-pg-migrate' : 'sql';
  if (config) return config.tool;
  if (tools.dependencies.has('node-pg-migrate')) return 'node-pg-migrate';
  if (tools.dependencies.has('knex')) return 'knex';
  return 'code';
}

function readMigration(fileName: string, file: string, tools: DatabaseTools) {
  const text = readFileSync(fileName, 'utf8');
  if (file.endsWith('.sql')) {
    const sources = hasSectionMarkers(text) ? upSections(text) : [{ offset: 0, sql: text }];
    return {
      fileName,
      file,
      text,
      sources,
      builderCalls: [],
      tool: toolOf(file, text, tools),
      root: migrationRoot(file, tools),
    };
  }
  const code = readMigrationCode(fileName, text);
  if (code.sources.length === 0 && code.builderCalls.length === 0) return undefined;
  return { fileName, file, text, ...code, tool: toolOf(file, text, tools), root: migrationRoot(file, tools) };
}

/** Finds the migrations, reads which tool and dialect they are written for, and orders them. */
export function loadMigrationProject(root: string): MigrationProject {
  const absolute: string[] = [];
  walk(root, absolute);
  const files = absolute.map((fileName) => toProjectPath(root, fileName));
  const tools = detectDatabaseTools(root, files);
  const folders = tools.configs.map((config) => config.folder);
  const found = absolute.flatMap((fileName, index) => {
    const file = files[index] ?? '';
    if (!isMigrationPath(file, folders)) return [];
    const migration = readMigration(fileName, file, tools);
    return migration ? [migration] : [];
  });
  const stated = found.map(
    (migration) =>
      configFor(tools, migration.file)?.dialect ?? dialectOfFolders(migration.file) ?? tools.packageDialect,
  );
  const unstated = found.filter((_, index) => stated[index] === undefined);
  const fromSyntax =
    dialectFromSyntax(
      unstated.flatMap((migration) =>
        migration.sources.map((source) => ({ file: migration.file, sql: source.sql })),
      ),
    ) ?? ({ dialect: 'postgresql', source: 'no dialect stated or written; PostgreSQL assumed' } as const);
  const migrations = found.map((migration, index) => ({
    ...migration,
    dialect: stated[index] ?? fromSyntax,
  }));
  return {
    files,
    tools,
    migrations: migrations.sort((left, right) => compareMigrationPaths(left.file, right.file)),
  };
}

/** Every migration of a project, in the order they apply. */
export function findMigrations(root: string): Migration[] {
  return loadMigrationProject(root).migrations;
}
