// The public surface of Baton as a library. Everything not named here is internal.
export type { Awaitable } from './core/awaitable.js';
export { type Clock, createManualClock, systemClock } from './core/clock.js';
export { detectProject, type ProjectFacts } from './core/config/detect.js';
export {
  configEnvironmentVariables,
  configFileNames,
  type LoadConfigOptions,
  loadConfig,
} from './core/config/load.js';
export {
  defineConfig,
  type LedgerLocation,
  type PackageManager,
  type ResolvedConfig,
  type UserConfig,
} from './core/config/schema.js';
export { type ErrorCode, errorCodes, exitCodes } from './core/error-codes.js';
export { BatonError, type BatonErrorOptions } from './core/errors.js';
export {
  type Activity,
  type BatonEvent,
  type BatonEventType,
  createEventBus,
  type EventBus,
  type EventSubscriber,
} from './core/events.js';
export { createId } from './core/ids.js';
export type {
  LedgerExport,
  LedgerStore,
  LedgerWriter,
  ReadEventsOptions,
  StoredEvent,
} from './ledger/ledger-store.js';
export { createLedgerSubscriber } from './ledger/ledger-subscriber.js';
export { latestSchemaVersion } from './ledger/migrate.js';
export { openLedger } from './ledger/open-ledger.js';
export { openPostgresLedger, type PostgresLedgerOptions } from './ledger/postgres-store.js';
export type { LedgerDatabase, LedgerRow, LedgerTableName, NewLedgerRow } from './ledger/schema.js';
export { ledgerTableNames } from './ledger/schema.js';
export { openSqliteLedger, type SqliteLedgerOptions } from './ledger/sqlite-store.js';
