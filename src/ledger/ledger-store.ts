import type { BatonEvent } from '../core/index.js';
import type { Kysely } from './kysely.js';
import type { LedgerDialect } from './migrations/column-types.js';
import type { LedgerDatabase, LedgerRow, LedgerTableName, NewLedgerRow } from './schema.js';

/** An event as the ledger holds it: its write-order sequence and the event itself. */
export interface StoredEvent {
  sequence: number;
  event: BatonEvent;
}

export interface ReadEventsOptions {
  /** Only events written after this sequence, for live tails. */
  afterSequence?: number;
  runId?: string;
  /** @default 1000 */
  limit?: number;
}

/** The whole ledger as plain JSON, with JSON columns parsed. */
export interface LedgerExport {
  format: 'baton-ledger';
  schemaVersion: number;
  exportedAt: string;
  tables: { [Table in LedgerTableName]: Record<string, unknown>[] };
}

/** What can be written, inside or outside a transaction. */
export interface LedgerWriter {
  /** Inserts rows into one table; rows already carry their ids. */
  insert<Table extends LedgerTableName>(table: Table, rows: readonly NewLedgerRow<Table>[]): Promise<void>;
  /** Appends events in write order and returns the sequence of the last one. */
  appendEvents(events: readonly BatonEvent[]): Promise<number>;
  /** The query builder bound to this writer (the transaction, inside one), for the ledger's own queries. */
  readonly db: Kysely<LedgerDatabase>;
}

/**
 * The durable record of everything Baton does. SQLite and PostgreSQL implement it; both pass the
 * same contract suite, so every part above the ledger is indifferent to which one is in use.
 */
export interface LedgerStore extends LedgerWriter {
  readonly dialect: LedgerDialect;
  /** Where the ledger is, with any password removed: a file path or a URL. */
  readonly location: string;
  /** The schema version in force after migrations ran on open. */
  readonly schemaVersion: number;
  /** Opened for reading only: every write is refused, by Baton and by the database itself. */
  readonly readOnly: boolean;
  /** Runs `work` in one transaction: every write in it lands, or none does. */
  transaction<Result>(work: (writer: LedgerWriter) => Promise<Result>): Promise<Result>;
  readEvents(options?: ReadEventsOptions): Promise<StoredEvent[]>;
  /** Row counts for every table. */
  counts(): Promise<Record<LedgerTableName, number>>;
  /** Every row of one table in write order. */
  rows<Table extends LedgerTableName>(table: Table): Promise<LedgerRow<Table>[]>;
  exportAll(): Promise<LedgerExport>;
  close(): Promise<void>;
}
