import type { LedgerLocation } from '../core/index.js';
import type { LedgerStore } from './ledger-store.js';

/**
 * Opens the ledger a resolved config points at, migrating it on first use unless opened read-only.
 * Only the driver in use is loaded: `pg` costs a SQLite user start-up time for nothing.
 */
export async function openLedger(
  location: LedgerLocation,
  options: { readOnly?: boolean } = {},
): Promise<LedgerStore> {
  if (location.kind === 'postgres') {
    const { openPostgresLedger } = await import('./postgres-store.js');
    return openPostgresLedger({ url: location.url, ...options });
  }
  const { openSqliteLedger } = await import('./sqlite-store.js');
  return openSqliteLedger({ path: location.path, ...options });
}
