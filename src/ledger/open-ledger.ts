import type { LedgerLocation } from '../core/config/schema.js';
import type { LedgerStore } from './ledger-store.js';
import { openPostgresLedger } from './postgres-store.js';
import { openSqliteLedger } from './sqlite-store.js';

/** Opens the ledger a resolved config points at, migrating it on first use. */
export function openLedger(location: LedgerLocation): Promise<LedgerStore> {
  return location.kind === 'postgres'
    ? openPostgresLedger({ url: location.url })
    : openSqliteLedger({ path: location.path });
}
