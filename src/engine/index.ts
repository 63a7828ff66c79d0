import type { DecomposeOptions, DecomposeResult } from './decompose.js';
import type { RunExperimentOptions, RunExperimentResult } from './experiment/run-experiment.js';
import type { MarkDoneOptions, MarkDoneResult } from './mark-done.js';
import type { RunPlanOptions, RunPlanResult } from './run-plan.js';
import type { QueuedComponentResult, RunQueuedComponentOptions } from './run-queued-component.js';

/**
 * The engine's public surface (the review gate has its own, `review/index.ts`). The ledger
 * queries load with it; running a plan, marking a component done and decomposing a brief load the
 * scheduler, the providers and the checks only when called, so a command that only reads runs
 * starts fast.
 */
export { branchesToKeep, type KeptBranch } from './branches-to-keep.js';
export type { DecomposeOptions, DecomposeResult } from './decompose.js';
export type {
  ExperimentStatus,
  RunExperimentOptions,
  RunExperimentResult,
  SampleProgress,
} from './experiment/run-experiment.js';
export type { MarkDoneOptions, MarkDoneResult } from './mark-done.js';
export type { JobHandler, Queue, QueueJob, QueueResult } from './queue.js';
export { latestRunWithStatus } from './run-ledger.js';
export type { RunConfig, RunPlanOptions, RunPlanResult } from './run-plan.js';
export {
  type AttemptEvidence,
  type CheckEvidence,
  type RunStatus,
  resumableRunStatuses,
  runCanBeResumed,
  settledComponentStatuses,
} from './run-state.js';
export { type ComponentOutcome, scheduleComponents } from './schedule-components.js';

/** Runs a plan: every component through attempt, verify and repair, recorded in the ledger. */
export async function runPlan(options: RunPlanOptions): Promise<RunPlanResult> {
  const engine = await import('./run-plan.js');
  return engine.runPlan(options);
}

/** A person says a write-directly component is written; it is marked done only if its required checks pass. */
export async function markComponentDone(options: MarkDoneOptions): Promise<MarkDoneResult> {
  const engine = await import('./mark-done.js');
  return engine.markComponentDone(options);
}

/** Turns a feature brief into a plan file with a provider's structured output. */
export async function decomposeFeature(options: DecomposeOptions): Promise<DecomposeResult> {
  const engine = await import('./decompose.js');
  return engine.decomposeFeature(options);
}

/** Reads a brief file, with a clear error when it is missing. */
export async function readBrief(path: string): Promise<string> {
  const engine = await import('./decompose.js');
  return engine.readBrief(path);
}

/** Compares variants of one component's prompt: samples through the engine, interleaved, recorded, resumable. */
export async function runExperiment(options: RunExperimentOptions): Promise<RunExperimentResult> {
  const engine = await import('./experiment/run-experiment.js');
  return engine.runExperiment(options);
}

export type { QueuedComponentResult, RunQueuedComponentOptions } from './run-queued-component.js';

/** The `RUN_BUDGET_EXHAUSTED` error once the run's recorded spend has reached its budget. */
export async function spentBudget(
  ...args: Parameters<typeof import('./run-budget.js').spentBudget>
): Promise<import('../core/errors.js').BatonError | undefined> {
  const budget = await import('./run-budget.js');
  return budget.spentBudget(...args);
}

/** Runs one component of a run another process started, reading everything back from the ledger. */
export async function runQueuedComponent(options: RunQueuedComponentOptions): Promise<QueuedComponentResult> {
  const engine = await import('./run-queued-component.js');
  return engine.runQueuedComponent(options);
}

/** Records the end of a queued component whose worker could not record one itself. */
export async function recordQueuedComponentEnd(
  options: Parameters<typeof import('./run-queued-component.js').recordQueuedComponentEnd>[0],
): Promise<void> {
  const engine = await import('./run-queued-component.js');
  return engine.recordQueuedComponentEnd(options);
}
