import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { sqlTestContext } from './__fixtures__/sql-test-context.js';
import { findMigrations, isMigrationPath, sqlInMigrationCode } from './find-migrations.js';
import { splitStatements } from './split-statements.js';
import { createSqlCheck } from './sql-check.js';

const postgres = inject('postgres');
const corpus = join(import.meta.dirname, '__fixtures__', 'corpus');

const articleProject = {
  'migrations/001_users.sql': 'CREATE TABLE users (id SERIAL PRIMARY KEY);\n',
  'migrations/002_prefs.sql':
    'CREATE TABLE notification_preferences (\n  id SERIAL PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE\n);\nCREATE INDEX ON notification_preferences (user_id);\n',
};

describe('the SQL check', () => {
  let project: FixtureProject | undefined;
  afterEach(() => project?.remove());

  it('splits statements at top-level semicolons only, keeping where each starts', () => {
    const sql =
      "-- a; comment\nSELECT ';';\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n/* ; */ SELECT 2";
    const statements = splitStatements(sql);
    expect(statements.map((statement) => statement.text)).toEqual([
      "SELECT ';'",
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql',
      'SELECT 2',
    ]);
    expect(sql.slice(statements[0]?.start)).toMatch(/^SELECT ';'/);
  });

  it('recognises migrations by path and takes literal SQL from an exported up only', () => {
    expect(isMigrationPath('db/migrations/2024/001_init.sql')).toBe(true);
    expect(isMigrationPath('sql/001_init.up.sql')).toBe(true);
    expect(isMigrationPath('migrations/001_init.down.sql')).toBe(false);
    expect(isMigrationPath('schema/seed.sql')).toBe(false);
    expect(isMigrationPath('migrations/001_init.test.ts')).toBe(false);
    const code = [
      'export async function up(db) {',
      "  await db.query('CREATE TABLE a (id int)');",
      `  await db.query(\`SELECT \${1}\`);`,
      '}',
      'export async function down(db) {',
      "  await db.query('DROP TABLE a');",
      '}',
      '',
    ].join('\n');
    const sources = sqlInMigrationCode('001.js', code);
    expect(sources.map((source) => source.sql)).toEqual(['CREATE TABLE a (id int)']);
    expect(code.slice(sources[0]?.offset).startsWith('CREATE TABLE a')).toBe(true);
  });

  it('orders migrations by path, whatever folder they sit in', () => {
    project = createFixtureProject({
      files: { 'migrations/002_b.sql': 'SELECT 2;', 'migrations/001_a.sql': 'SELECT 1;', 'README.md': '' },
    });
    expect(findMigrations(project.root).map((migration) => migration.file)).toEqual([
      'migrations/001_a.sql',
      'migrations/002_b.sql',
    ]);
  });

  it("reports a migration that fails with Postgres's message at the line and column it names", async () => {
    project = createFixtureProject({
      files: {
        'migrations/001_init.sql':
          '-- notes\nCREATE TABLE notes (\n  id SERIAL PRIMARY KEY,\n  body txt\n);\n',
      },
    });
    const findings = await createSqlCheck().run(sqlTestContext(project.root));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'sql/migration-failed',
      severity: 'error',
      file: 'migrations/001_init.sql',
      range: { startLine: 4, startColumn: 8 },
    });
    expect(findings[0]?.message).toContain('type "txt" does not exist');
  });

  it('proposes the UNIQUE constraint the one-per-parent table lacks', async () => {
    project = createFixtureProject({ files: articleProject });
    const findings = await createSqlCheck().run(sqlTestContext(project.root));
    expect(findings.map((finding) => [finding.ruleId, finding.range.startLine])).toEqual([
      ['sql/one-per-parent-needs-unique', 3],
    ]);
    expect(findings[0]?.suggestion).toBe(
      'ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_user_id_key UNIQUE (user_id);',
    );
    // The demo's recorded repair prompt quotes these words.
    expect(findings[0]?.message).toBe(
      'Table notification_preferences holds one row per users, but nothing stops two rows with the same user_id: user_id has no UNIQUE constraint.',
    );
  });

  it('runs SQLite migrations on SQLite, with the rules that hold there and no PostgreSQL error', async () => {
    project = createFixtureProject({ from: join(corpus, 'sqlite-cart') });
    const findings = await createSqlCheck().run(sqlTestContext(project.root));
    expect(findings.map((finding) => [finding.ruleId, finding.file, finding.range.startLine])).toEqual([
      ['sql/foreign-key-without-index', 'migrations/002_orders.sql', 3],
      ['sql/nullable-foreign-key', 'migrations/002_orders.sql', 3],
      ['sql/foreign-key-without-on-delete', 'migrations/002_orders.sql', 3],
      ['sql/one-per-parent-needs-unique', 'migrations/001_init.sql', 17],
    ]);
    expect(findings.at(-1)?.message).toContain('reads one row per user_id');
  });

  it('notes MySQL migrations as not replayed, without failing the run', async () => {
    project = createFixtureProject({ from: join(corpus, 'mysql-app') });
    const findings = await createSqlCheck().run(sqlTestContext(project.root));
    expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['sql/migrations-not-replayed', 'note'],
    ]);
    expect(findings[0]?.message).toContain(
      'migrations/001_init.sql and 1 more are written for MySQL (SQL syntax:',
    );
  });

  it('replays each set of migrations on its own, leaves data fixes alone, and loads the extensions PGlite ships', async () => {
    project = createFixtureProject({
      files: {
        'db/clickhouse/migrations/01_events.sql':
          'CREATE TABLE events (id UUID) ENGINE = MergeTree ORDER BY id;\n',
        'db/postgresql/data-migrations/01_fix.sql': 'UPDATE accounts SET email = lower(email);\n',
        'prisma/migrations/01_init/migration.sql':
          'CREATE EXTENSION IF NOT EXISTS "pgcrypto";\nCREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE);\n',
      },
    });
    const findings = await createSqlCheck().run(sqlTestContext(project.root));
    expect(findings.map((finding) => [finding.ruleId, finding.file])).toEqual([
      ['sql/migrations-not-replayed', 'db/clickhouse/migrations/01_events.sql'],
    ]);
    expect(findings[0]?.message).toContain('written for ClickHouse (the folder name clickhouse/');
  }, 60_000);

  it('notes migrations whose placeholders the tool fills in, instead of failing on them', async () => {
    project = createFixtureProject({
      files: {
        'db/migrations/000001.sql':
          "-- :NOT_THIS in a comment\nCREATE TABLE a (id int, note text DEFAULT ':NOR_THIS');\nGRANT SELECT ON a TO :DATABASE_VISITOR;\nSELECT 1::int;\n",
      },
    });
    const findings = await createSqlCheck().run(sqlTestContext(project.root));
    expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['sql/migrations-not-replayed', 'note'],
    ]);
    expect(findings[0]?.message).toContain('hold placeholders (:DATABASE_VISITOR)');
  });

  it('finds nothing, and starts no database, in a project without migrations', async () => {
    project = createFixtureProject({ files: { 'src/index.ts': 'export const a = 1;\n' } });
    expect(await createSqlCheck().run(sqlTestContext(project.root))).toEqual([]);
  });

  it.skipIf('skipped' in postgres)(
    'applies migrations to a throwaway database on a server given by URL, and drops it after',
    async () => {
      if (!('adminUrl' in postgres)) return;
      project = createFixtureProject({ files: articleProject });
      const first = await createSqlCheck().run(
        sqlTestContext(project.root, { databaseUrl: postgres.adminUrl }),
      );
      // A second run starts from nothing: the tables of the first are gone, so nothing fails to create.
      const second = await createSqlCheck({ databaseUrl: postgres.adminUrl }).run(
        sqlTestContext(project.root),
      );
      for (const findings of [first, second]) {
        expect(findings.map((finding) => finding.ruleId)).toEqual(['sql/one-per-parent-needs-unique']);
      }
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: postgres.adminUrl });
      await admin.connect();
      const left = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'baton_verify_%'");
      await admin.end();
      expect(left.rows).toEqual([]);
    },
  );
});
