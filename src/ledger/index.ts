/**
 * The ledger part's public surface for the parts above it: opening a ledger, its row types and the
 * queries readers and writers outside the engine use. The drivers load only when a ledger is opened.
 */
import type { LedgerStore } from './ledger-store.js';
import type { SqliteLedgerOptions } from './sqlite-store.js';

export { type ActivityInterval, humanActivitySources, recordActivityInterval } from './activity-recorder.js';
export type { LedgerStore } from './ledger-store.js';
export { openLedger } from './open-ledger.js';
export { planPaths, promptsCutToBudget, runRow } from './queries/audit-data.js';
export { type CheckResult, checkResultsForAttempt, loadCheckResults } from './queries/check-results.js';
export type { AttemptHistory, ComponentHistory, RunHistory } from './queries/component-history.js';
export { loadRunHistory } from './queries/component-history.js';
export { componentExists } from './queries/component-records.js';
export { findComponentByKey } from './queries/components.js';
export { lastEventSequence } from './queries/event-sequence.js';
export {
  type ExperimentSamplesTable,
  type ExperimentsTable,
  type ExperimentVariantsTable,
  experimentSamples,
  experimentSpend,
  experimentVariants,
  findExperiment,
  insertExperiment,
  listExperiments,
  type SampleRunRecord,
  sampleRunRecord,
  updateExperiment,
  updateExperimentSample,
  updateExperimentVariant,
} from './queries/experiments.js';
export { listFindings, type RecordedFinding } from './queries/findings.js';
export { listInterviewResults, recordInterviewResult } from './queries/interview-results.js';
export {
  type ComponentWithFeature,
  loadMetricsData,
  type MetricsData,
  type MetricsFilter,
} from './queries/metrics-data.js';
export { isReviewRuleOverride, recordReviewRuleOverride } from './queries/review-overrides.js';
export {
  acquireRunLock,
  type HeldRunLockRow,
  type RunLockAttempt,
  type RunLockHolder,
} from './queries/run-locks.js';
export { findRun, newestRun } from './queries/run-records.js';
export {
  type AttemptDetail,
  getAttemptDetail,
  getRunDetail,
  listRuns,
  type RunDetail,
  type RunSummary,
} from './queries/runs.js';
export { recordAssignments, standingAssignments } from './queries/team-assignments.js';
export {
  addTeamPerson,
  type LedgerTeamPerson,
  listTeamChanges,
  listTeamPeople,
  removeTeamPerson,
  type TeamChange,
  updateTeamPerson,
} from './queries/team-people.js';
export {
  listTrainingExercises,
  listTrainingPhases,
  type PlanFileRecords,
  planFileRecords,
  planSourcePaths,
  recordTrainingExercise,
  recordTrainingPhase,
  type TrainingExerciseRecord,
  type TrainingPhaseRecord,
} from './queries/training.js';
export {
  countWorkerJob,
  listWorkers,
  type QueueDepth,
  queueDepth,
  type RegisterWorker,
  recordWorkerHeartbeat,
  recordWorkerStopped,
  registerWorker,
  type WorkerRecord,
} from './queries/workers.js';
export {
  type AttemptStatus,
  type DefectsTable,
  type LedgerRow,
  ledgerTableNames,
  policyReviewer,
  type ReviewDecision,
} from './schema.js';
export type { SqliteLedgerOptions } from './sqlite-store.js';
/** Opens (and migrates) a SQLite ledger file; the driver loads only when this is called. */
export async function openSqliteLedger(options: SqliteLedgerOptions): Promise<LedgerStore> {
  return (await import('./sqlite-store.js')).openSqliteLedger(options);
}
