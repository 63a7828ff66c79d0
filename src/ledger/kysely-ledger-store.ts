import { BatonError, describeCause } from '../core/errors.js';
import type { BatonEvent } from '../core/index.js';
import { systemClock } from '../core/index.js';
import { createInsertTemplates } from './insert-templates.js';
import type { Kysely } from './kysely.js';
import type { LedgerStore, LedgerWriter, StoredEvent } from './ledger-store.js';
import type { LedgerDialect } from './migrations/column-types.js';
import { jsonColumns, type LedgerDatabase, type LedgerTableName, ledgerTableNames } from './schema.js';

// Below SQLite's 32,766 bound-parameter limit and PostgreSQL's 65,535.
const maxParametersPerStatement = 30_000;

export interface KyselyLedgerStoreOptions {
  db: Kysely<LedgerDatabase>;
  dialect: LedgerDialect;
  location: string;
  schemaVersion: number;
  readOnly?: boolean;
  /** Releases what the store holds beyond the Kysely instance (nothing, for most stores). */
  onClose?: () => Promise<void>;
}

function writeFailed(location: string, what: string, cause: unknown): BatonError {
  if (BatonError.isInstance(cause)) return cause;
  return new BatonError({
    code: 'LEDGER_WRITE_FAILED',
    message: `Writing ${what} to the ledger at ${location} failed: ${describeCause(cause)}`,
    hint: 'Nothing from this write was kept. Check that the ledger is reachable and writable, then run the command again.',
    cause,
  });
}

type InsertTemplates = ReturnType<typeof createInsertTemplates>;

function createWriter(
  db: Kysely<LedgerDatabase>,
  location: string,
  templates: InsertTemplates,
): LedgerWriter {
  return {
    db,
    async insert(table, rows) {
      if (rows.length === 0) return;
      const compiled = templates.compile(db, table, rows as readonly Record<string, unknown>[]);
      if (compiled) {
        try {
          await db.executeQuery(compiled);
          return;
        } catch (cause) {
          throw writeFailed(location, `${rows.length} ${table} row(s)`, cause);
        }
      }
      const columns = Math.max(1, Object.keys(rows[0] ?? {}).length);
      const chunkSize = Math.max(1, Math.floor(maxParametersPerStatement / columns));
      try {
        for (let start = 0; start < rows.length; start += chunkSize) {
          // Kysely cannot relate a generic table name to its row type; the signature keeps callers exact.
          await db
            .insertInto(table)
            .values(rows.slice(start, start + chunkSize) as never)
            .execute();
        }
      } catch (cause) {
        throw writeFailed(location, `${rows.length} ${table} row(s)`, cause);
      }
    },
    async appendEvents(events) {
      if (events.length === 0) return 0;
      const rows = events.map((event) => ({
        runId: event.runId ?? null,
        type: event.type,
        at: event.at,
        payload: JSON.stringify(event),
      }));
      const compiled = templates.compile(db, 'events', rows, 'sequence');
      if (compiled) {
        try {
          const inserted = await db.executeQuery(compiled);
          return Number((inserted.rows.at(-1) as { sequence?: number } | undefined)?.sequence ?? 0);
        } catch (cause) {
          throw writeFailed(location, `${events.length} event(s)`, cause);
        }
      }
      const chunkSize = Math.floor(maxParametersPerStatement / 4);
      let last = 0;
      try {
        for (let start = 0; start < rows.length; start += chunkSize) {
          const inserted = await db
            .insertInto('events')
            .values(rows.slice(start, start + chunkSize))
            .returning('sequence')
            .execute();
          last = Number(inserted.at(-1)?.sequence ?? last);
        }
      } catch (cause) {
        throw writeFailed(location, `${events.length} event(s)`, cause);
      }
      return last;
    },
  };
}

function parseJsonColumns(table: LedgerTableName, row: Record<string, unknown>): Record<string, unknown> {
  const columns = jsonColumns[table];
  if (!columns) return row;
  const parsed = { ...row };
  for (const column of columns) {
    const value = parsed[column];
    if (typeof value === 'string') parsed[column] = JSON.parse(value);
  }
  return parsed;
}

/** The store both dialects share: they differ only in how the Kysely instance is built and opened. */
export function createKyselyLedgerStore(options: KyselyLedgerStoreOptions): LedgerStore {
  const { db, dialect, location, schemaVersion, readOnly = false } = options;
  const refuseWrite = () =>
    Promise.reject(
      new BatonError({
        code: 'LEDGER_READ_ONLY',
        message: `The ledger at ${location} was opened read-only; nothing was written.`,
        hint: 'Open it without the read-only option to write (the dashboard writes only with --allow-writes).',
      }),
    );
  const templates = createInsertTemplates();
  const writer = createWriter(db, location, templates);
  let closed = false;
  // A multi-statement write (an events batch split in chunks) must be atomic on its own too.
  const inTransaction = <Result>(work: (writer: LedgerWriter) => Promise<Result>): Promise<Result> =>
    db.transaction().execute((transaction) => work(createWriter(transaction, location, templates)));

  const rows = async (table: LedgerTableName) => {
    const order = table === 'events' ? 'sequence' : 'id';
    return (await db
      .selectFrom(table)
      .selectAll()
      .orderBy(order as never)
      .execute()) as Record<string, unknown>[];
  };

  const store: LedgerStore = {
    db,
    dialect,
    location,
    schemaVersion,
    readOnly,
    insert: (table, newRows) =>
      readOnly
        ? refuseWrite()
        : newRows.length * Object.keys(newRows[0] ?? {}).length > maxParametersPerStatement
          ? inTransaction((transaction) => transaction.insert(table, newRows))
          : writer.insert(table, newRows),
    appendEvents: (events) =>
      readOnly
        ? refuseWrite()
        : events.length * 4 > maxParametersPerStatement
          ? inTransaction((transaction) => transaction.appendEvents(events))
          : writer.appendEvents(events),
    async transaction(work) {
      if (readOnly) return refuseWrite();
      let workFailed = false;
      try {
        return await inTransaction(async (transaction) => {
          try {
            return await work(transaction);
          } catch (error) {
            workFailed = true;
            throw error;
          }
        });
      } catch (cause) {
        // The caller's own error comes back unchanged; only a failure of the database is wrapped.
        throw workFailed ? cause : writeFailed(location, 'a transaction', cause);
      }
    },
    async readEvents({ afterSequence = 0, runId, limit = 1000 } = {}) {
      let query = db.selectFrom('events').selectAll().where('sequence', '>', afterSequence);
      if (runId) query = query.where('runId', '=', runId);
      const found = await query.orderBy('sequence').limit(limit).execute();
      return found.map(
        (row): StoredEvent => ({
          sequence: Number(row.sequence),
          event: JSON.parse(row.payload) as BatonEvent,
        }),
      );
    },
    async counts() {
      const entries = await Promise.all(
        ledgerTableNames.map(async (table) => {
          const result = await db
            .selectFrom(table)
            .select((builder) => builder.fn.countAll().as('count'))
            .executeTakeFirst();
          return [table, Number(result?.count ?? 0)] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<LedgerTableName, number>;
    },
    rows: rows as LedgerStore['rows'],
    async exportAll() {
      const tables = {} as Record<LedgerTableName, Record<string, unknown>[]>;
      for (const table of ledgerTableNames) {
        tables[table] = (await rows(table)).map((row) => parseJsonColumns(table, row));
      }
      return { format: 'baton-ledger', schemaVersion, exportedAt: systemClock.now().toISOString(), tables };
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await options.onClose?.();
    },
  };
  return store;
}
