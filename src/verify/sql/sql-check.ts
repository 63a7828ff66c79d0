import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type { Check, CheckContext } from '../check.js';
import type { Finding } from '../finding.js';
import { isInIgnoredFolder, isVerifiableFile, toProjectPath } from '../project.js';
import { applyMigrations, dataStatement } from './apply-migrations.js';
import { checkCatalog } from './catalog-rules.js';
import { type CodeIntent, findCodeIntents } from './code-intent.js';
import { isMigrationPath, loadMigrationProject, type Migration } from './find-migrations.js';
import { notReplayed } from './not-replayed.js';
import { checkOnePerParent, type OnePerParentInputs } from './one-per-parent.js';
import { planIntentsOf } from './plan-intent.js';
import { readPrismaSchema } from './prisma-schema.js';
import { splitStatements } from './split-statements.js';
import type { SqlDialect } from './sql-dialect.js';
import { embeddedExtensions, openEmbeddedEngine, openServerEngine, type SqlEngine } from './sql-engine.js';
import { tableBaseName } from './sql-names.js';
import { openSqliteEngine } from './sqlite-engine.js';

export interface SqlCheckOptions {
  /** A Postgres server to apply migrations on (a throwaway database is created there); PGlite when absent. */
  databaseUrl?: string | undefined;
}

/** Cheap test before parsing: only files with these words can hold an upsert, a LIMIT 1 read or a findFirst. */
const mayHoldIntent = /on\s*conflict|limit\s+1\b|\.findFirst\s*\(|\.first\s*\(/i;

/** Statements and ORM calls of the project's sources (outside migrations) that treat rows as one per parent. */
function readCodeIntents(context: CheckContext): CodeIntent[] {
  const root = context.project.root;
  const intents: CodeIntent[] = [];
  for (const fileName of context.project.rootNames) {
    const file = toProjectPath(root, fileName);
    if (
      file.startsWith('..') ||
      !isVerifiableFile(fileName) ||
      isInIgnoredFolder(file) ||
      isMigrationPath(file)
    )
      continue;
    let text: string;
    try {
      text = readFileSync(fileName, 'utf8');
    } catch {
      continue;
    }
    if (!mayHoldIntent.test(text)) continue;
    const sourceFile =
      context.getSourceFile(fileName) ?? ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    intents.push(...findCodeIntents(sourceFile, file));
  }
  return intents;
}

/** Whether a set of migrations changes the schema at all; a set of data fixes (UPDATE, INSERT) has none to check. */
function changesSchema(migrations: readonly Migration[]): boolean {
  return migrations.some(
    (migration) =>
      migration.builderCalls.length > 0 ||
      migration.sources.some((source) =>
        splitStatements(source.sql).some((statement) => !dataStatement.test(statement.text)),
      ),
  );
}

async function openEngine(
  dialect: 'postgresql' | 'sqlite',
  databaseUrl: string | undefined,
  migrations: readonly Migration[],
): Promise<SqlEngine> {
  if (dialect === 'sqlite') return openSqliteEngine();
  if (databaseUrl) return openServerEngine(databaseUrl);
  const sql = migrations.flatMap((migration) => migration.sources.map((source) => source.sql));
  return openEmbeddedEngine(embeddedExtensions(sql));
}

/**
 * Applies the project's migrations to a fresh database of the dialect they are written for
 * (PostgreSQL or SQLite) and inspects what they leave behind. A project check: a migration means
 * something only after the ones before it.
 */
export function createSqlCheck(options: SqlCheckOptions = {}): Check {
  return {
    id: 'sql',
    description:
      'Applies SQL migrations to a fresh PostgreSQL or SQLite database and checks the schema and the migrations for unsafe designs.',
    scope: 'project',
    appliesTo: (fileName) => isMigrationPath(fileName),
    async run(context: CheckContext): Promise<Finding[]> {
      const root = context.project.root;
      const project = loadMigrationProject(root);
      if (project.migrations.length === 0) return [];
      const groups = new Map<string, { dialect: SqlDialect; migrations: Migration[] }>();
      for (const migration of project.migrations) {
        const key = `${migration.dialect.dialect}|${migration.root}`;
        const group = groups.get(key) ?? { dialect: migration.dialect.dialect, migrations: [] };
        group.migrations.push(migration);
        groups.set(key, group);
      }
      const prisma = readPrismaSchema(root, project.files);
      let inputs: OnePerParentInputs | undefined;
      const findings: Finding[] = [];
      for (const { dialect, migrations } of groups.values()) {
        if (!changesSchema(migrations)) continue;
        const skipped = notReplayed(dialect, migrations);
        if (skipped) {
          findings.push(skipped);
          continue;
        }
        if (dialect !== 'postgresql' && dialect !== 'sqlite') continue;
        inputs ??= {
          codeIntents: readCodeIntents(context),
          planIntents: planIntentsOf(context.settings.component),
          root,
          prisma: migrations.some((migration) => migration.tool === 'prisma'),
          ormTables: prisma.modelTables,
        };
        const engine = await openEngine(
          dialect,
          options.databaseUrl ?? context.settings.databaseUrl,
          migrations,
        );
        try {
          const applied = await applyMigrations(engine, migrations, context.signal);
          findings.push(...applied.findings);
          const catalog = await engine.readCatalog();
          const maintainedColumns = new Set(
            catalog.columns
              .filter((column) =>
                prisma.updatedAtColumns.has(`${tableBaseName(column.table)}.${column.name}`),
              )
              .map((column) => `${column.table}.${column.name}`),
          );
          findings.push(...checkCatalog(catalog, applied.origins, { dialect, maintainedColumns }));
          findings.push(...(await checkOnePerParent(catalog, applied.origins, engine, inputs)));
        } finally {
          await engine.close();
        }
      }
      return findings.filter((finding) => !finding.file.startsWith('..'));
    },
  };
}
