import type { Generated, Insertable, Selectable } from './kysely.js';

/*
 * The ledger's tables as the program sees them (camelCase; the database columns are snake_case).
 * Times are ISO-8601 strings and JSON columns hold JSON text in both SQLite and PostgreSQL, so the
 * two stores return the same rows (PostgreSQL's jsonb may re-space the JSON text).
 */

/** The states a component passes through. */
export type ComponentStatus =
  | 'pending'
  | 'running'
  | 'done'
  | 'escalated'
  | 'waiting-for-person'
  | 'failed'
  | 'cancelled';
/** How an attempt ended; `running` until it does. */
export type AttemptStatus = 'running' | 'passed' | 'findings' | 'no-edits' | 'provider-error' | 'cancelled';
export type ReviewDecision = 'accept' | 'reject' | 'edit' | 'annotate';

/** The reviewer of a decision a policy made (`baton review --yes`, the demo): nobody reviewed it. */
export const policyReviewer = 'policy';

export interface RunsTable {
  id: string;
  planId: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  budgetUsd: number | null;
  /** JSON: the options the run was started with. */
  options: string;
}

export interface PlansTable {
  id: string;
  feature: string;
  sourcePath: string | null;
  contentHash: string;
  /** JSON: the validated plan. */
  document: string;
  createdAt: string;
}

export interface ComponentsTable {
  id: string;
  planId: string;
  /** The component's id inside its plan. */
  key: string;
  title: string;
  kind: string;
  triage: string | null;
  ownerRole: string | null;
  estimateHours: number | null;
  status: ComponentStatus;
  /** JSON: the triage verdict's reasons, each naming the signal that fired. */
  triageReasons: string | null;
  /** Why the component is escalated, waiting for a person or failed. */
  statusReason: string | null;
  /** The attempt whose evidence made the component `done` (engine/run-state.ts). */
  evidenceAttemptId?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttemptsTable {
  id: string;
  runId: string;
  componentId: string;
  number: number;
  status: AttemptStatus;
  worktree: string | null;
  branch: string | null;
  startedAt: string;
  endedAt: string | null;
  /** The commit the attempt's worktree started from. */
  baseCommit?: string | null;
  /** The commit holding the attempt's edits, with Baton-Run and Baton-Component trailers. */
  commitSha?: string | null;
  /** JSON: the system text and messages the attempt sent, so a resume continues the same conversation. */
  conversation?: string | null;
  /** JSON: the attempt's AttemptEvidence (engine/run-state.ts), once its checks ran. */
  evidence?: string | null;
}

export interface PromptsTable {
  id: string;
  componentId: string | null;
  attemptId: string | null;
  text: string;
  hash: string;
  tokens: number | null;
  createdAt: string;
}

export interface ResponsesTable {
  id: string;
  promptId: string;
  attemptId: string | null;
  provider: string;
  model: string;
  text: string;
  finishReason: string | null;
  durationMs: number;
  createdAt: string;
}

export interface EditsTable {
  id: string;
  attemptId: string;
  responseId: string | null;
  path: string;
  format: string;
  content: string;
  status: string;
  error: string | null;
  createdAt: string;
}

export interface FindingsTable {
  id: string;
  runId: string | null;
  attemptId: string | null;
  checkId: string;
  ruleId: string;
  severity: string;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  message: string;
  hint: string | null;
  cwe: string | null;
  createdAt: string;
}

export interface ReviewsTable {
  id: string;
  componentId: string;
  attemptId: string | null;
  /** The person who decided, or `policyReviewer` when a policy decided and nobody reviewed. */
  reviewer: string;
  decision: ReviewDecision;
  reason: string | null;
  createdAt: string;
  /** The commit of the component's branch the decision was made on (schema version 3). */
  reviewedCommit: string | null;
  /** For an `edit`: whether the checks re-run on the edited commit passed ('passed' | 'failed'). */
  checksOutcome: string | null;
}

/** A component's accepted branch merged into the base branch (schema version 3). */
export interface MergesTable {
  id: string;
  runId: string;
  componentId: string;
  attemptId: string | null;
  /** The branch merged into, such as `main`. */
  baseBranch: string;
  branch: string;
  /** The branch commit that was accepted and merged. */
  branchCommit: string;
  mergeCommit: string;
  mergedBy: string;
  createdAt: string;
}

export interface ActivityIntervalsTable {
  id: string;
  person: string;
  activity: string;
  componentId: string | null;
  runId: string | null;
  startedAt: string;
  endedAt: string;
  /** 'recorded' by Baton as a person worked, 'logged' by a person afterwards, or 'engine' (a model's time in a run). */
  source: string;
}

export interface CostsTable {
  id: string;
  runId: string | null;
  attemptId: string | null;
  responseId: string | null;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  usd: number | null;
  createdAt: string;
}

export interface DefectsTable {
  id: string;
  componentId: string | null;
  person: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  description: string;
  foundAt: string;
}

export interface EventsTable {
  /** Write order; gaps are possible, reordering is not. */
  sequence: Generated<number>;
  runId: string | null;
  type: string;
  at: string;
  /** JSON: the whole event. */
  payload: string;
}

export interface LedgerDatabase {
  runs: RunsTable;
  plans: PlansTable;
  components: ComponentsTable;
  attempts: AttemptsTable;
  prompts: PromptsTable;
  responses: ResponsesTable;
  edits: EditsTable;
  findings: FindingsTable;
  reviews: ReviewsTable;
  merges: MergesTable;
  activityIntervals: ActivityIntervalsTable;
  costs: CostsTable;
  defects: DefectsTable;
  events: EventsTable;
}

export type LedgerTableName = keyof LedgerDatabase;

/** Every table, in an order where a row's references come before it. */
export const ledgerTableNames = [
  'plans',
  'runs',
  'components',
  'attempts',
  'prompts',
  'responses',
  'edits',
  'findings',
  'reviews',
  'merges',
  'activityIntervals',
  'costs',
  'defects',
  'events',
] as const satisfies readonly LedgerTableName[];

/** Columns that hold JSON text, parsed back into values on export. */
export const jsonColumns: Partial<Record<LedgerTableName, readonly string[]>> = {
  runs: ['options'],
  plans: ['document'],
  components: ['triageReasons'],
  attempts: ['conversation', 'evidence'],
  events: ['payload'],
};

export type LedgerRow<Table extends LedgerTableName> = Selectable<LedgerDatabase[Table]>;
export type NewLedgerRow<Table extends LedgerTableName> = Insertable<LedgerDatabase[Table]>;
