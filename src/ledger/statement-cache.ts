import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from './kysely.js';

/**
 * The database as Kysely's SQLite driver sees it, with prepared statements kept by their SQL text:
 * the driver prepares every query afresh, and preparing costs as much as running a small query.
 * The least recently used statement goes once `capacity` are kept (multi-row inserts vary in text).
 */
export function withStatementCache(database: Database.Database, capacity = 200): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      const kept = statements.get(sql);
      if (kept) {
        // Re-inserting moves it to the end, so the first key is always the least recently used.
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const statement = database.prepare(sql) as unknown as SqliteStatement;
      statements.set(sql, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}
