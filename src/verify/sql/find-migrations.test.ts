import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { detectDatabaseTools } from './database-tools.js';
import { compareMigrationPaths, isMigrationPath, loadMigrationProject } from './find-migrations.js';
import { readMigrationCode } from './migration-code.js';
import { upSections } from './migration-sections.js';
import { splitStatements } from './split-statements.js';
import { dialectFromSyntax } from './sql-dialect.js';

const corpus = join(import.meta.dirname, '__fixtures__', 'corpus');

describe('finding migrations, their tool and their dialect', () => {
  let project: FixtureProject | undefined;
  afterEach(() => project?.remove());

  it('reads the dialect from syntax only one dialect accepts, and not from syntax all accept', () => {
    const read = (sql: string) => dialectFromSyntax([{ file: 'm.sql', sql }])?.dialect;
    expect(read('CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);')).toBe('sqlite');
    expect(read('CREATE TABLE `a` (`id` INT AUTO_INCREMENT) ENGINE=InnoDB;')).toBe('mysql');
    expect(read('CREATE TABLE a (id BIGSERIAL PRIMARY KEY, at timestamptz);')).toBe('postgresql');
    expect(read("SELECT '1'::int")).toBe('postgresql');
    expect(read('CREATE TABLE a (id integer primary key, name text);')).toBeUndefined();
    expect(read('-- AUTOINCREMENT in a comment\nCREATE TABLE a (id integer);')).toBeUndefined();
  });

  it("reads the dialect a tool's config states: Prisma's lock and schema, Drizzle, knexfile, package.json", () => {
    project = createFixtureProject({
      files: {
        'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("URL")\n}\n',
        'prisma/migrations/migration_lock.toml': 'provider = "sqlite"\n',
        'drizzle.config.ts': "export default { dialect: 'mysql', out: './db/out' };\n",
        'knexfile.js':
          "module.exports = { development: { client: 'sqlite3' }, production: { client: 'pg' } };\n",
        'package.json': JSON.stringify({
          dependencies: { pg: '8' },
          devDependencies: { 'better-sqlite3': '12' },
        }),
      },
    });
    const tools = detectDatabaseTools(project.root, [
      'prisma/schema.prisma',
      'prisma/migrations/migration_lock.toml',
      'drizzle.config.ts',
      'knexfile.js',
    ]);
    expect(tools.configs.map((config) => [config.tool, config.folder, config.dialect?.dialect])).toEqual([
      ['prisma', 'prisma/migrations', 'postgresql'],
      ['prisma', 'prisma/migrations', 'sqlite'],
      ['drizzle', 'db/out', 'mysql'],
      // Environments that disagree state no one dialect.
      ['knex', 'migrations', undefined],
    ]);
    expect(tools.packageDialect).toEqual({ dialect: 'postgresql', source: 'package.json dependencies: pg' });
  });

  it('never applies postgrator undo files, and orders versions by number', () => {
    const { migrations } = loadMigrationProject(join(corpus, 'postgrator'));
    expect(
      migrations.map((migration) => [migration.file, migration.tool, migration.dialect.dialect]),
    ).toEqual([
      ['migrations/1.do.users.sql', 'postgrator', 'postgresql'],
      ['migrations/2.do.tasks.sql', 'postgrator', 'postgresql'],
      ['migrations/10.do.task_labels.sql', 'postgrator', 'postgresql'],
    ]);
    expect(compareMigrationPaths('m/2.do.a.sql', 'm/10.do.b.sql')).toBeLessThan(0);
    expect(compareMigrationPaths('m/001_a.sql', 'm/002_a.sql')).toBeLessThan(0);
  });

  it("applies only the up sections of node-pg-migrate's SQL migrations", () => {
    const { migrations } = loadMigrationProject(join(corpus, 'node-pg-migrate'));
    const [, profiles] = migrations;
    expect(profiles?.tool).toBe('node-pg-migrate');
    const sql = profiles?.sources.map((source) => source.sql).join('') ?? '';
    expect(sql).toContain('CREATE TABLE user_profiles');
    expect(sql).not.toMatch(/DROP/i);
    const offset = profiles?.sources[0]?.offset ?? -1;
    expect(profiles?.text.slice(offset).startsWith('CREATE TABLE user_profiles')).toBe(true);
  });

  it('reads the up and down markers of dbmate, goose and sql-migrate too', () => {
    for (const [up, down] of [
      ['-- migrate:up', '-- migrate:down'],
      ['-- +goose Up', '-- +goose Down'],
      ['-- +migrate Up', '-- +migrate Down'],
    ]) {
      const sources = upSections(`${up}\nCREATE TABLE a (id int);\n${down}\nDROP TABLE a;\n`);
      expect(sources.map((source) => source.sql.trim())).toEqual(['CREATE TABLE a (id int);']);
    }
    expect(upSections('CREATE TABLE a (id int);')).toEqual([{ offset: 0, sql: 'CREATE TABLE a (id int);' }]);
  });

  it('leaves down files out and finds Prisma, Drizzle and postgrator migrations wherever they live', () => {
    project = createFixtureProject({
      files: {
        'db/2024_init/up.sql': 'CREATE TABLE a (id int);',
        'db/migrations/2024_init/up.sql': 'CREATE TABLE a (id int);',
        'db/migrations/2024_init/down.sql': 'DROP TABLE a;',
        'schema/001.do.init.sql': 'CREATE TABLE b (id int);',
        'schema/001.undo.init.sql': 'DROP TABLE b;',
        'out/0000_init.sql': 'CREATE TABLE `c` (`id` integer);',
        'out/meta/_journal.json': JSON.stringify({
          dialect: 'sqlite',
          entries: [{ idx: 0, tag: '0000_init' }],
        }),
        'prisma/migrations/20240101_init/migration.sql': 'CREATE TABLE "D" ("id" SERIAL);',
      },
    });
    const { migrations } = loadMigrationProject(project.root);
    expect(
      migrations.map((migration) => [migration.file, migration.tool, migration.dialect.dialect]),
    ).toEqual([
      ['db/migrations/2024_init/up.sql', 'sql', 'postgresql'],
      ['out/0000_init.sql', 'drizzle', 'sqlite'],
      ['prisma/migrations/20240101_init/migration.sql', 'sql', 'postgresql'],
      ['schema/001.do.init.sql', 'postgrator', 'postgresql'],
    ]);
  });

  it('reads the dialect a folder names, ClickHouse among them, before package.json', () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ dependencies: { pg: '8' } }),
        'db/clickhouse/migrations/01_init.sql': 'CREATE TABLE e (id UUID) ENGINE = MergeTree ORDER BY id;',
        'db/postgresql/data-migrations/fix.sql': 'UPDATE e SET id = id;',
        'prisma/migrations/01_init/migration.sql': 'CREATE EXTENSION IF NOT EXISTS "pgcrypto";',
      },
    });
    const { migrations } = loadMigrationProject(project.root);
    expect(migrations.map((migration) => [migration.root, migration.dialect.dialect])).toEqual([
      ['db/clickhouse/migrations', 'clickhouse'],
      ['db/postgresql/data-migrations', 'postgresql'],
      ['prisma/migrations', 'postgresql'],
    ]);
    expect(
      dialectFromSyntax([{ file: 'a.sql', sql: 'CREATE TABLE e (id UUID) ENGINE = MergeTree;' }])?.dialect,
    ).toBe('clickhouse');
  });

  it('counts named kinds of migrations folders, and no other folder', () => {
    expect(isMigrationPath('db/knex_migrations/2024-01-01-init.js')).toBe(true);
    expect(isMigrationPath('server/db-migration/001_init.sql')).toBe(true);
    expect(isMigrationPath('db/patches/001_init.sql')).toBe(false);
    expect(isMigrationPath('src/immigrations/list.ts')).toBe(false);
    expect(isMigrationPath('src/migrations/001_init.spec.ts')).toBe(false);
  });

  it('tells schema-builder calls in a migration module from literal SQL it runs', () => {
    const knex = readMigrationCode(
      'm.js',
      [
        'exports.up = async (knex) => {',
        "  await knex.schema.createTable('a', (table) => { table.increments('id'); });",
        "  await knex.raw('CREATE INDEX a_id ON a (id)');",
        '};',
        "exports.down = (knex) => knex.schema.dropTable('a');",
      ].join('\n'),
    );
    expect(knex.builderCalls).toEqual(['knex.schema.createTable']);
    expect(knex.sources.map((source) => source.sql)).toEqual(['CREATE INDEX a_id ON a (id)']);
    const transaction = readMigrationCode(
      'm.ts',
      "export async function up(db) { await db.transaction(async (trx) => { await trx.query('CREATE TABLE a (id int)'); }); }",
    );
    expect(transaction).toMatchObject({ builderCalls: [], sources: [{ sql: 'CREATE TABLE a (id int)' }] });
    const pgm = readMigrationCode(
      'm.js',
      "module.exports = { up(pgm) { pgm.createTable('a', {}); pgm.sql('SELECT 1'); } };",
    );
    expect(pgm.builderCalls).toEqual(['pgm.createTable']);
  });

  it('keeps a trigger body with its own semicolons in one statement', () => {
    const sql =
      'CREATE TABLE a (id int, at text);\nCREATE TRIGGER a_touch AFTER UPDATE ON a\nBEGIN\n  UPDATE a SET at = 1 WHERE id = NEW.id;\nEND;\nSELECT 1;';
    expect(splitStatements(sql).map((statement) => statement.text.split('\n')[0])).toEqual([
      'CREATE TABLE a (id int, at text)',
      'CREATE TRIGGER a_touch AFTER UPDATE ON a',
      'SELECT 1',
    ]);
  });
});
