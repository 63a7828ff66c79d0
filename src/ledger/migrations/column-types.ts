import { type RawBuilder, sql } from '../kysely.js';

export type LedgerDialect = 'sqlite' | 'postgres';

/** The column types each dialect stores Baton's values in. */
export interface ColumnTypes {
  timestamp: RawBuilder<unknown>;
  json: RawBuilder<unknown>;
  real: RawBuilder<unknown>;
}

export function columnTypes(dialect: LedgerDialect): ColumnTypes {
  return dialect === 'postgres'
    ? { timestamp: sql`timestamptz`, json: sql`jsonb`, real: sql`double precision` }
    : { timestamp: sql`text`, json: sql`text`, real: sql`real` };
}
