import type { PromptSettings, TriageVerdict } from '../core/config/planning-settings.js';
import type { VerifySettings } from '../core/config/verify-settings.js';
import type { BatonEvent, EventBus } from '../core/events.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import type { LedgerRow } from '../ledger/schema.js';
import type { Plan, PlanComponent } from '../plan/plan.js';
import type { RepositoryFiles } from '../plan/repository-files.js';
import type { RepositoryFacts } from '../prompt/repository-facts.js';
import type { Provider } from '../providers/provider.js';
import type { Redactor } from '../providers/redact.js';
import type { Check } from '../verify/index.js';
import type { WorkspaceFactory } from './attempt-workspace.js';
import type { GateOptions, GateResult } from './run-gate.js';

/** Everything a component's work needs to know about the run it belongs to. */
export interface RunContext {
  runId: string;
  plan: Plan;
  /** The plan file's absolute path. */
  planPath: string;
  /** The repository root (where the config was found). */
  root: string;
  dataDir: string;
  ledger: LedgerStore;
  provider: Provider;
  workspaces: WorkspaceFactory;
  /** Checks to choose each component's gate from, fresh for each attempt. */
  createChecks: () => Check[];
  /** The verification gate: `verify` over the attempt's folder unless the caller brings its own. */
  gate: (options: GateOptions) => Promise<GateResult>;
  /** The repository's files, listed once: prompt context for attempts in plain folders, which hold no copy. */
  repositoryFiles: () => Promise<RepositoryFiles>;
  /** The repository's package facts, read once, for the same attempts. */
  repositoryFacts: () => RepositoryFacts;
  /** The project's secrets: redacts what the ledger keeps and finds secrets written into code. */
  secrets: Redactor;
  verify: VerifySettings;
  prompt: PromptSettings;
  tsconfig: string | undefined;
  testCommand: string | undefined;
  maxAttempts: number;
  /** The sampling temperature of every call. @default 0 (experiments compare others) */
  temperature?: number;
  baseCommit: string;
  /** Ledger rows of the plan's components, by the component's id in the plan. */
  componentRows: Map<string, LedgerRow<'components'>>;
  verdicts: Map<string, TriageVerdict>;
  /** A new run has no attempts in the ledger yet, so there is nothing to read back. */
  resumed: boolean;
  /** Done commits of components finished in this process, by plan id, so dependents need not read them back. */
  doneCommits: Map<string, string>;
  /** Stops new work: Ctrl-C or the budget. */
  signal: AbortSignal;
  /** Checks the budget before a provider call; throws once it is spent. */
  beforeProviderCall: () => Promise<void>;
  /**
   * Runs after a component's passing attempt is committed and before the ledger records it done, so
   * whoever reads "done" finds the commit (a worker pushes the attempt branches here).
   */
  beforeDone: (componentId: string, commitSha: string) => Promise<void>;
  /** Adds a recorded call's cost to the run's running total. */
  afterProviderCall: (responseId: string) => Promise<void>;
  /** Subscribers other than the ledger (progress, --json): the ledger gets events in each step's transaction. */
  events: EventBus;
  now: () => string;
}

/** Announces events that the ledger already holds to the other subscribers. */
export async function announce(
  context: Pick<RunContext, 'events'>,
  events: readonly BatonEvent[],
): Promise<void> {
  for (const event of events) await context.events.emit(event);
}

export function componentRow(context: RunContext, component: PlanComponent): LedgerRow<'components'> {
  const row = context.componentRows.get(component.id);
  if (!row) throw new Error(`The component ${component.id} has no ledger row.`);
  return row;
}
