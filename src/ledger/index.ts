/**
 * The ledger part's public surface for the parts above it: opening a ledger and the queries
 * readers and writers outside the engine use. The drivers load only when a ledger is opened.
 */
export { type ActivityInterval, recordActivityInterval } from './activity-recorder.js';
export type { LedgerStore } from './ledger-store.js';
export { openLedger } from './open-ledger.js';
export { findComponentByKey } from './queries/components.js';
export { listFindings, type RecordedFinding } from './queries/findings.js';
export { getRunDetail, listRuns, type RunDetail, type RunSummary } from './queries/runs.js';
