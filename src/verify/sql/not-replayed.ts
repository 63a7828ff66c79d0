import type { Finding } from '../finding.js';
import type { Migration } from './find-migrations.js';
import { dialectLabels, type SqlDialect } from './sql-dialect.js';
import { sqlFinding } from './sql-finding.js';

/** psql-style variables such as `:DATABASE_OWNER` (graphile-migrate, psql scripts), outside comments and strings. */
function placeholdersOf(migration: Migration): string[] {
  const names = new Set<string>();
  for (const source of migration.sources) {
    const code = source.sql
      .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '')
      .replace(/'(?:[^']|'')*'/g, "''")
      .replace(/\$([a-z_]*)\$[\s\S]*?\$\1\$/gi, '');
    for (const match of code.matchAll(/(?<![:\w]):([A-Z][A-Z0-9_]*)\b/g)) names.add(`:${match[1]}`);
  }
  return [...names];
}

const firstLine = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };

function others(migrations: readonly Migration[]): string {
  const [first] = migrations;
  const rest = migrations.length - 1;
  return `${first?.file ?? ''}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/**
 * A note, in place of a replay, for migrations no engine here can run: a dialect other than
 * PostgreSQL and SQLite, or schema built in code by a migration tool's builder.
 */
export function notReplayed(dialect: SqlDialect, migrations: readonly Migration[]): Finding | undefined {
  const [first] = migrations;
  if (!first) return undefined;
  if (dialect !== 'postgresql' && dialect !== 'sqlite') {
    return sqlFinding('sql/migrations-not-replayed', first.file, firstLine, {
      message: `${others(migrations)} are written for ${dialectLabels[dialect]} (${first.dialect.source}); the SQL check replays PostgreSQL and SQLite migrations only, so these were not applied and their schema was not checked.`,
      hint: `Nothing to fix in the code. Review the ${dialectLabels[dialect]} schema by hand, or keep it out of this check with --checks.`,
    });
  }
  const templated = migrations.filter((migration) => placeholdersOf(migration).length > 0);
  const [template] = templated;
  if (template) {
    const names = [...new Set(templated.flatMap(placeholdersOf))].slice(0, 3).join(', ');
    return sqlFinding('sql/migrations-not-replayed', template.file, firstLine, {
      message: `${others(templated)} hold placeholders (${names}) that the migration tool fills in before it runs them; the SQL check cannot know their values, so the ${dialectLabels[dialect]} migrations were not applied and their schema was not checked.`,
      hint: 'Nothing to fix in the code. Review the schema by hand, or check a database dump of it.',
    });
  }
  const built = migrations.filter((migration) => migration.builderCalls.length > 0);
  const [example] = built;
  if (!example) return undefined;
  const calls = [...new Set(built.flatMap((migration) => migration.builderCalls))].slice(0, 3).join(', ');
  return sqlFinding('sql/migrations-not-replayed', example.file, firstLine, {
    message: `${others(built)} build the schema in code with ${example.tool === 'code' ? 'a schema builder' : example.tool} (${calls}) rather than in SQL; the SQL check can replay only SQL, so the ${dialectLabels[dialect]} migrations were not applied and their schema was not checked.`,
    hint: 'Nothing to fix in the code. To have the schema checked, write these migrations as SQL (the tool can usually run .sql files or raw SQL), or review the schema by hand.',
  });
}
