import type { AttemptStatus, ComponentStatus } from '../ledger/schema.js';

/*
 * The run-state model of `baton run`: what the engine writes to the ledger and what "done" means.
 * Parts that read runs (review, merge, docs export, reports) rely on exactly this.
 *
 * Tables and columns the engine writes (schema 0003 adds the ones marked *):
 * - runs:        one row per run; status is a RunStatus; options (JSON) holds RunOptionsRecord.
 * - plans:       one row per run (a run owns its plan row, so component rows are per run).
 * - components:  one row per plan component; status is a ComponentStatus; statusReason says why a
 *                component is escalated, waiting for a person or failed; evidenceAttemptId* names
 *                the attempt whose evidence made it `done`.
 * - attempts:    one row per try at a component; status is an AttemptStatus; worktree and branch
 *                (`baton/<run-id>/<component-id>/<attempt>`); baseCommit* it started from;
 *                commitSha* of the commit holding its edits; conversation* (JSON: the messages sent);
 *                evidence* (JSON: AttemptEvidence, once its checks ran).
 * - prompts, responses, costs: one of each per provider call, written by the provider's ledger
 *                recorder with the attempt's id, before the engine moves on.
 * - edits:       one row per file an answer changed, with whether it applied.
 * - findings:    every finding of an attempt's checks (and of unusable answers), with the attempt id.
 * - events:      every step as a BatonEvent, in the same transaction as the rows of that step.
 */

/** How a run stands; only `succeeded`, `escalated` and `failed` are final for `--resume`. */
export type RunStatus =
  | 'running'
  | 'succeeded'
  | 'escalated'
  | 'failed'
  | 'cancelled'
  | 'budget-exhausted'
  | 'waiting-for-person';

/** Runs in these states can be continued with `baton run --resume`. */
export const resumableRunStatuses: readonly RunStatus[] = [
  'running',
  'cancelled',
  'budget-exhausted',
  'waiting-for-person',
];

/**
 * Whether `baton run --resume <id>` can continue a run in this state: any run that did not succeed
 * (an escalated run too: a rejection in review, or a person's fix, gives its components a next
 * attempt). `baton gc` keeps the branches of exactly these runs, so the two never disagree.
 */
export function runCanBeResumed(status: string): boolean {
  return status !== 'succeeded';
}

/**
 * A component's state in a run. `blocked` (a dependency did not finish) is shown by progress and
 * stored as `pending` with a statusReason, so a resume can start it once the dependency is done.
 */
export type ComponentRunState = ComponentStatus | 'blocked';

/** Final component states a resume does not run again. `failed` and `cancelled` are retried. */
export const settledComponentStatuses: readonly ComponentStatus[] = [
  'done',
  'escalated',
  'waiting-for-person',
];

/** Attempt statuses that consumed a model answer the gate judged; a resume keeps them as history. */
export const judgedAttemptStatuses: readonly AttemptStatus[] = ['passed', 'findings', 'no-edits'];

/** One check's part of the evidence: it ran, and how many findings reached the fail threshold. */
export interface CheckEvidence {
  checkId: string;
  /** `passed` only when the check ran without error and no finding reached the threshold. */
  status: 'passed' | 'failed' | 'error';
  findings: number;
  blocking: number;
  durationMs: number;
  error?: string;
}

/**
 * What an attempt's checks showed, stored on the attempt. A component is `done` only when its
 * evidence attempt has `passed: true`: every required check ran and passed, zero blocking findings,
 * and `commitSha` names the commit (with `Baton-Run` and `Baton-Component` trailers) that holds it.
 */
export interface AttemptEvidence {
  /** The checks the component's kind and triage require that are installed here, in run order. */
  requiredChecks: string[];
  /** Required checks not installed here (for example `security` before it exists); never counted as passed. */
  unavailableChecks: string[];
  /** Checks the gate would have run that `verify.checks` in the config leaves out. */
  excludedChecks?: string[];
  checks: CheckEvidence[];
  blockingFindings: number;
  /** The threshold findings were judged against (`verify.failOn`). */
  failOn: string;
  passed: boolean;
  commitSha: string | undefined;
}

/** The options a run was started with, kept in `runs.options` so a resume uses the same ones. */
export interface RunOptionsRecord {
  planFile: string;
  planHash: string;
  providerId: string;
  concurrency: number;
  maxAttempts: number;
  /** The commit components without dependencies start from. */
  baseCommit: string;
  /** Whether attempts ran in git worktrees or in plain folders (benchmarks). */
  workspace: 'git' | 'directory';
  /** Tokens in and out after which no new provider call starts (`--budget-tokens`). */
  budgetTokens?: number;
}

/** Whether evidence proves a component done; the one test the engine and mark-done both apply. */
export function isDoneEvidence(evidence: AttemptEvidence | undefined): boolean {
  return (
    evidence?.passed === true &&
    evidence.blockingFindings === 0 &&
    evidence.commitSha !== undefined &&
    evidence.checks.length === evidence.requiredChecks.length &&
    evidence.checks.every((check) => check.status === 'passed')
  );
}
