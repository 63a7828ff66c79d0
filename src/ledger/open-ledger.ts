import type { LedgerLocation } from '../core/config/schema.js';
import type { LedgerStore } from './ledger-store.js';
import { openPostgresLedger } from './postgres-store.js';
import { openSqliteLedger } from './sqlite-store.js';

/** Opens the ledger a resolved config points at, migrating it on first use unless opened read-only. */
export function openLedger(
  location: LedgerLocation,
  options: { readOnly?: boolean } = {},
): Promise<LedgerStore> {
  return location.kind === 'postgres'
    ? openPostgresLedger({ url: location.url, ...options })
    : openSqliteLedger({ path: location.path, ...options });
}
