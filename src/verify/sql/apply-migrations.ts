import type { Finding } from '../finding.js';
import type { Migration } from './find-migrations.js';
import { checkStatementSafety } from './safety-rules.js';
import { SourceLines } from './source-lines.js';
import { splitStatements } from './split-statements.js';
import type { SqlEngine } from './sql-engine.js';
import { sqlFinding } from './sql-finding.js';

/** The statement that created an object: findings about the object point at it. */
export interface ObjectOrigin {
  migration: Migration;
  /** Index of the migration in apply order; "existed before" compares these. */
  migrationIndex: number;
  /** Offset in the migration file of the statement's first character. */
  offset: number;
  statement: string;
  lines: SourceLines;
}

/** What applying the migrations left behind: where each object came from, and what went wrong. */
export interface AppliedMigrations {
  /** Keyed by relation (`users`), column (`users.email`) and constraint (`users:users_pkey`). */
  origins: Map<string, ObjectOrigin>;
  findings: Finding[];
}

/** Statements that cannot create objects, so the catalog need not be read after them. */
export const dataStatement =
  /^(insert|update|delete|select|set|begin|commit|start|rollback|savepoint|release|with)\b/i;

function errorDetails(error: unknown): { message: string; position: number | undefined } {
  if (typeof error !== 'object' || error === null) return { message: String(error), position: undefined };
  const message = 'message' in error && typeof error.message === 'string' ? error.message : String(error);
  const raw = 'position' in error ? Number(error.position) : Number.NaN;
  return { message, position: Number.isInteger(raw) && raw > 0 ? raw : undefined };
}

/**
 * Applies migrations in order, statement by statement, recording which statement created each
 * table, column and constraint. The first statement that fails ends the run: later migrations
 * depend on it, and their errors would only echo the first.
 */
export async function applyMigrations(
  engine: SqlEngine,
  migrations: readonly Migration[],
  signal: AbortSignal,
): Promise<AppliedMigrations> {
  const origins = new Map<string, ObjectOrigin>();
  const findings: Finding[] = [];
  let known = await engine.snapshot();
  for (const [migrationIndex, migration] of migrations.entries()) {
    const lines = new SourceLines(migration.text);
    for (const source of migration.sources) {
      for (const statement of splitStatements(source.sql)) {
        signal.throwIfAborted();
        const offset = source.offset + statement.start;
        const origin: ObjectOrigin = { migration, migrationIndex, offset, statement: statement.text, lines };
        const safety = checkStatementSafety(origin, origins, engine.dialect);
        try {
          await engine.execute(statement.text);
        } catch (error) {
          const { message, position } = errorDetails(error);
          const at = position === undefined ? offset : offset + position - 1;
          findings.push(
            sqlFinding('sql/migration-failed', migration.file, lines.range(at), {
              message: `Migration ${migration.file} fails to apply: ${message}.`,
              hint: 'Fix the statement so it runs on a fresh database after the migrations before it; later migrations were not applied.',
            }),
          );
          // A failure inside BEGIN … COMMIT leaves the transaction aborted; the catalog is read after it.
          await engine.execute('ROLLBACK').catch(() => undefined);
          return { origins, findings };
        }
        findings.push(...safety);
        if (dataStatement.test(statement.text)) continue;
        const after = await engine.snapshot();
        for (const key of after) if (!known.has(key)) origins.set(key, origin);
        known = after;
      }
    }
  }
  return { origins, findings };
}
