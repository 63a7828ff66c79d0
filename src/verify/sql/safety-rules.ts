import type { Finding } from '../finding.js';
import type { ObjectOrigin } from './apply-migrations.js';
import { sqlFinding } from './sql-finding.js';
import { normaliseIdentifier, normaliseRelation, splitTopLevel } from './sql-names.js';

const name = String.raw`(?:"(?:[^"]|"")*"|[\w$]+)`;
const relation = String.raw`(${name}(?:\.${name})?)`;
const createIndex = new RegExp(
  String.raw`^create\s+(?:unique\s+)?index\s+(concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:${name}\s+)?on\s+(?:only\s+)?${relation}`,
  'i',
);
const alterTable = new RegExp(
  String.raw`^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?${relation}\s+([\s\S]*)$`,
  'i',
);
const dropTable = /^drop\s+table\s+(?:if\s+exists\s+)?([\s\S]+?)(?:\s+(?:cascade|restrict))?$/i;
const addColumn = new RegExp(
  String.raw`^add\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?(?!constraint\b|primary\b|unique\b|foreign\b|check\b|exclude\b)(${name})\s`,
  'i',
);
const dropColumn = new RegExp(
  String.raw`^drop\s+(?:column\s+)?(?:if\s+exists\s+)?(?!constraint\b)(${name})`,
  'i',
);

/** Whether a table was created by an earlier migration, so it may hold rows and serve traffic. */
function existedBefore(
  table: string,
  origin: ObjectOrigin,
  origins: ReadonlyMap<string, ObjectOrigin>,
): boolean {
  const created = origins.get(normaliseRelation(table));
  return created !== undefined && created.migrationIndex < origin.migrationIndex;
}

/** Offset of a word in the statement, for pointing at the action rather than the statement's start. */
function offsetOf(origin: ObjectOrigin, text: string): number {
  const index = origin.statement.indexOf(text);
  return origin.offset + Math.max(index, 0);
}

function checkAlterTable(table: string, actions: string, origin: ObjectOrigin, postgres: boolean): Finding[] {
  const findings: Finding[] = [];
  const { file } = origin.migration;
  for (const action of splitTopLevel(actions)) {
    const added = addColumn.exec(action);
    if (
      postgres &&
      added?.[1] &&
      /\bnot\s+null\b/i.test(action) &&
      !/\b(default|generated)\b/i.test(action)
    ) {
      const column = normaliseIdentifier(added[1]);
      findings.push(
        sqlFinding('sql/not-null-without-default', file, origin.lines.range(offsetOf(origin, action)), {
          message: `Column ${table}.${column} is added NOT NULL with no DEFAULT to a table that already exists; the migration fails once the table has rows.`,
          hint: `Give it a DEFAULT, or add it nullable, backfill it, then SET NOT NULL in a later migration.`,
        }),
      );
    }
    const dropped = dropColumn.exec(action);
    if (dropped?.[1]) {
      const column = normaliseIdentifier(dropped[1]);
      findings.push(
        sqlFinding('sql/destructive-drop', file, origin.lines.range(offsetOf(origin, action)), {
          message: `Column ${table}.${column} is dropped: its data is lost, and code still reading it breaks during the deploy.`,
          hint: 'Stop reading and writing the column first, deploy, then drop it in a later migration; keep a backup if the data matters.',
        }),
      );
    }
  }
  return findings;
}

/**
 * Migration-safety rules read from a statement before it runs: what locks or breaks a table that
 * already exists (created by an earlier migration) is dangerous; the same on a new table is not.
 */
export function checkStatementSafety(
  origin: ObjectOrigin,
  origins: ReadonlyMap<string, ObjectOrigin>,
  dialect: 'postgresql' | 'sqlite' = 'postgresql',
): Finding[] {
  const statement = origin.statement;
  const { file } = origin.migration;
  // SQLite has no CONCURRENTLY, and refuses a NOT NULL column without a default outright.
  const postgres = dialect === 'postgresql';
  const index = createIndex.exec(statement);
  if (postgres && index?.[2] && !index[1] && existedBefore(index[2], origin, origins)) {
    return [
      sqlFinding('sql/index-without-concurrently', file, origin.lines.range(origin.offset), {
        message: `CREATE INDEX on existing table ${normaliseRelation(index[2])} without CONCURRENTLY blocks writes to it while the index builds.`,
        hint: 'Use CREATE INDEX CONCURRENTLY, in a migration that does not run inside a transaction.',
        suggestion: statement.replace(/index\s+/i, 'INDEX CONCURRENTLY '),
      }),
    ];
  }
  const alter = alterTable.exec(statement);
  if (alter?.[1] && alter[2] !== undefined && existedBefore(alter[1], origin, origins)) {
    return checkAlterTable(normaliseRelation(alter[1]), alter[2], origin, postgres);
  }
  const drop = dropTable.exec(statement);
  if (drop?.[1]) {
    return splitTopLevel(drop[1])
      .filter((table) => existedBefore(table, origin, origins))
      .map((table) =>
        sqlFinding('sql/destructive-drop', file, origin.lines.range(origin.offset), {
          message: `Table ${normaliseRelation(table)} is dropped with all its rows.`,
          hint: 'Make sure nothing reads the table any more and its data is backed up or no longer needed; consider renaming it first and dropping it in a later migration.',
        }),
      );
  }
  return [];
}
