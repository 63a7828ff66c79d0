import type { Check, CheckContext } from '../check.js';
import type { Finding } from '../finding.js';
import { applyMigrations } from './apply-migrations.js';
import { readCatalog } from './catalog.js';
import { checkCatalog } from './catalog-rules.js';
import { findMigrations, isMigrationPath } from './find-migrations.js';
import { openEmbeddedEngine, openServerEngine } from './sql-engine.js';

export interface SqlCheckOptions {
  /** A Postgres server to apply migrations on (a throwaway database is created there); PGlite when absent. */
  databaseUrl?: string | undefined;
}

/**
 * Applies the project's migrations to a fresh Postgres and inspects what they leave behind. A
 * project check: a migration means something only after the ones before it.
 */
export function createSqlCheck(options: SqlCheckOptions = {}): Check {
  return {
    id: 'sql',
    description:
      'Applies SQL migrations to a fresh Postgres and checks the schema and the migrations for unsafe designs.',
    scope: 'project',
    appliesTo: (fileName) => isMigrationPath(fileName),
    async run(context: CheckContext): Promise<Finding[]> {
      const migrations = findMigrations(context.project.root);
      if (migrations.length === 0) return [];
      const databaseUrl = options.databaseUrl ?? context.settings.databaseUrl;
      const engine = databaseUrl ? await openServerEngine(databaseUrl) : await openEmbeddedEngine();
      try {
        const applied = await applyMigrations(engine, migrations, context.signal);
        const catalog = await readCatalog(engine);
        return [...applied.findings, ...checkCatalog(catalog, applied.origins)].filter(
          (finding) => !finding.file.startsWith('..'),
        );
      } finally {
        await engine.close();
      }
    },
  };
}
