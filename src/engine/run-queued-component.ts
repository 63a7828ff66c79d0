import { createHash } from 'node:crypto';
import { BatonError, describeCause } from '../core/errors.js';
import { createEventBus, type EventBus } from '../core/events.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import type { LedgerRow } from '../ledger/schema.js';
import { loadValidPlan, readPlanFile } from '../plan/check-plan.js';
import type { Plan, PlanComponent } from '../plan/plan.js';
import type { Provider } from '../providers/provider.js';
import type { Redactor } from '../providers/redact.js';
import type { Check } from '../verify/index.js';
import { createGitWorkspaces } from './attempt-workspace.js';
import { createRunContext } from './create-run-context.js';
import { spentBudget } from './run-budget.js';
import { runComponent } from './run-component.js';
import { announce, type RunContext } from './run-context.js';
import type { GateOptions, GateResult } from './run-gate.js';
import { loadComponents, loadRun, recordStep, runOptionsOf, updateComponent } from './run-ledger.js';
import type { RunConfig } from './run-plan.js';
import { settledComponentStatuses } from './run-state.js';
import type { ComponentOutcome } from './schedule-components.js';

/** How the component ended, and the components of its run that the ledger now says may start. */
export interface QueuedComponentResult {
  outcome: ComponentOutcome;
  ready: string[];
}

export interface RunQueuedComponentOptions {
  /** The configuration read in the worker's checkout of the run's base commit. */
  config: RunConfig;
  /** The shared ledger the run lives in. */
  ledger: LedgerStore;
  /** Wired with the ledger recorder, so every answer is in the ledger before `generate` resolves. */
  provider: Provider;
  runId: string;
  /** The component's id in the plan. */
  componentId: string;
  signal?: AbortSignal;
  events?: EventBus;
  secrets?: Redactor;
  createChecks?: () => Check[];
  /** Publishes a passing attempt's commit (a worker pushes its branch) before the ledger records it done. */
  beforeDone?: (componentId: string, commitSha: string) => Promise<void>;
  gate?: (options: GateOptions) => Promise<GateResult>;
}

function runPlanMissing(runId: string, ledger: LedgerStore): BatonError {
  return new BatonError({
    code: 'RUN_NOT_FOUND',
    message: `No run "${runId}" in the ledger at ${ledger.location}.`,
    hint: 'The worker and the run must share one ledger: give both the same BATON_LEDGER_URL.',
  });
}

/**
 * Runs one component of a run that another process started: what a queue worker does with a job.
 * Everything is read back from the ledger, as a resume does, so a component that a dead worker
 * left half done continues from its last recorded step and reuses every answer already recorded.
 */
export async function runQueuedComponent(options: RunQueuedComponentOptions): Promise<QueuedComponentResult> {
  const { ledger, runId, config } = options;
  const run = await loadRun(ledger, runId);
  if (!run) throw runPlanMissing(runId, ledger);
  const record = runOptionsOf(run);
  if (options.provider.id !== record.providerId) {
    throw new BatonError({
      code: 'INTERNAL',
      message: `The worker resolved provider ${options.provider.id}, but run ${runId} uses ${record.providerId}.`,
    });
  }
  const { text } = readPlanFile(record.planFile, config.root);
  if (createHash('sha256').update(text).digest('hex') !== record.planHash) {
    throw new BatonError({
      code: 'RUN_PLAN_CHANGED',
      message: `The plan ${record.planFile} at this worker's checkout differs from the one run ${runId} started with.`,
      hint: "Workers check out the run's base commit; commit the plan before starting the run.",
    });
  }
  const { plan, check } = await loadValidPlan({
    file: record.planFile,
    cwd: config.root,
    plan: config.plan,
    triage: config.triage,
  });
  const component = plan.components.find((candidate) => candidate.id === options.componentId);
  if (!component) {
    throw new BatonError({
      code: 'RUN_NOT_FOUND',
      message: `Run ${runId} has no component "${options.componentId}".`,
      hint: 'The job names a component its plan does not have; the queue holds a job of another plan.',
    });
  }
  const rows = await loadComponents(ledger, run.planId);
  const componentRows = new Map(rows.map((row) => [row.key, row]));
  const row = componentRows.get(component.id);
  if (row && (settledComponentStatuses as readonly string[]).includes(row.status)) {
    // Settled already (a job handed out twice): the ledger's outcome stands and nothing runs again.
    const outcome = row.status as ComponentOutcome;
    return { outcome, ready: outcome === 'done' ? await readyComponents(ledger, run.planId, plan) : [] };
  }
  const context: RunContext = createRunContext({
    runId,
    plan,
    record,
    config,
    ledger,
    provider: options.provider,
    workspaces: createGitWorkspaces(config.root, config.dataDir),
    componentRows,
    verdicts: new Map(check.triage.map((result) => [result.componentId, result.verdict])),
    resumed: true,
    signal: options.signal ?? new AbortController().signal,
    events: options.events ?? createEventBus(),
    // The ledger is shared, so reading the run's spend before each call holds the budget across workers.
    async beforeProviderCall() {
      const exhausted = await spentBudget(ledger, runId);
      if (exhausted) throw exhausted;
    },
    beforeDone: options.beforeDone,
    createChecks: options.createChecks,
    gate: options.gate,
    secrets: options.secrets,
  });
  const outcome = await runOrRecordFailure(context, component, row);
  return { outcome, ready: outcome === 'done' ? await readyComponents(ledger, run.planId, plan) : [] };
}

/** Components whose every dependency the ledger records done, and that are not settled or started. */
async function readyComponents(ledger: LedgerStore, planId: string, plan: Plan): Promise<string[]> {
  const statuses = new Map((await loadComponents(ledger, planId)).map((row) => [row.key, row.status]));
  return plan.components
    .filter(
      (candidate) =>
        statuses.get(candidate.id) === 'pending' &&
        candidate.dependsOn.every((dependency) => statuses.get(dependency) === 'done'),
    )
    .map((candidate) => candidate.id);
}

async function runOrRecordFailure(
  context: RunContext,
  component: PlanComponent,
  row: LedgerRow<'components'> | undefined,
): Promise<ComponentOutcome> {
  const { ledger, runId, now } = context;
  try {
    return await runComponent(context, component);
  } catch (error) {
    if (context.signal.aborted) throw error;
    if (BatonError.isInstance(error) && error.code === 'RUN_BUDGET_EXHAUSTED') throw error;
    if (!row) throw error;
    const reason = describeCause(error);
    const at = now();
    const ended = [
      {
        type: 'component-end' as const,
        at,
        runId,
        componentId: component.id,
        status: 'failed' as const,
        reason,
      },
    ];
    await recordStep(ledger, ended, (writer) =>
      updateComponent(writer, row.id, { status: 'failed', statusReason: reason }, at),
    );
    await announce(context, ended);
    return 'failed';
  }
}

/**
 * Records that a queued component ended without its work recording an outcome (a worker that could
 * not reach the remote, a job that crashed its workers): unless the ledger already settled it.
 */
export async function recordQueuedComponentEnd(options: {
  ledger: LedgerStore;
  runId: string;
  componentId: string;
  status: 'failed' | 'escalated';
  reason: string;
}): Promise<void> {
  const { ledger, runId, componentId, reason, status } = options;
  const run = await loadRun(ledger, runId);
  if (!run) return;
  const row = (await loadComponents(ledger, run.planId)).find((candidate) => candidate.key === componentId);
  if (!row || (settledComponentStatuses as readonly string[]).includes(row.status)) return;
  const at = new Date().toISOString();
  await recordStep(ledger, [{ type: 'component-end', at, runId, componentId, status, reason }], (writer) =>
    updateComponent(writer, row.id, { status, statusReason: reason }, at),
  );
}
