import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { TriageVerdict } from '../core/config/planning-settings.js';
import type { ResolvedConfig } from '../core/config/schema.js';
import { BatonError, describeCause } from '../core/errors.js';
import { type BatonEvent, createEventBus, type EventBus } from '../core/events.js';
import { createId } from '../core/ids.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { updateRun as updateRunRow } from '../ledger/queries/run-records.js';
import type { LedgerRow } from '../ledger/schema.js';
import { loadValidPlan, readPlanFile } from '../plan/check-plan.js';
import type { Plan, PlanComponent } from '../plan/plan.js';
import type { PriceTable } from '../providers/prices.js';
import type { Provider } from '../providers/provider.js';
import type { Redactor } from '../providers/redact.js';
import type { Check } from '../verify/index.js';
import {
  createDirectoryWorkspaces,
  createGitWorkspaces,
  type WorkspaceFactory,
} from './attempt-workspace.js';
import { createRunContext } from './create-run-context.js';
import { createInProcessQueue } from './in-process-queue.js';
import type { Queue } from './queue.js';
import { type BudgetGuard, createBudgetGuard, type RunBudget, requirePricedProvider } from './run-budget.js';
import { runComponent } from './run-component.js';
import { announce, type RunContext } from './run-context.js';
import type { GateOptions, GateResult } from './run-gate.js';
import {
  latestRunWithStatus,
  loadComponents,
  loadRun,
  recordStep,
  runOptionsOf,
  runSpend,
  updateComponent,
  updateRun,
} from './run-ledger.js';
import {
  type RunOptionsRecord,
  type RunStatus,
  resumableRunStatuses,
  runCanBeResumed,
  settledComponentStatuses,
} from './run-state.js';
import { type ComponentOutcome, type ScheduledState, scheduleComponents } from './schedule-components.js';

export type RunConfig = Pick<
  ResolvedConfig,
  'root' | 'dataDir' | 'plan' | 'triage' | 'prompt' | 'verify' | 'tsconfig' | 'testCommand'
>;

export interface RunPlanOptions {
  config: RunConfig;
  ledger: LedgerStore;
  /** Wired with the ledger recorder, so every answer is in the ledger before `generate` resolves. */
  provider: Provider;
  /** A plan file for a new run (relative to `cwd`). */
  planFile?: string;
  /** Continue this run, or the newest unfinished one when `true`. */
  resume?: string | true;
  cwd?: string;
  /** @default 2 (a resume keeps the run's own unless given) */
  concurrency?: number;
  /** @default 3 (a resume keeps the run's own unless given) */
  maxAttempts?: number;
  /** No new provider call starts once the run's recorded cost reaches this; needs a price for the provider. */
  budgetUsd?: number | undefined;
  /** No new provider call starts once the run's calls have used this many tokens, in and out. */
  budgetTokens?: number | undefined;
  /** The price table, to refuse a dollar budget on a provider it has no price for. @default {} */
  prices?: PriceTable;
  /** Ctrl-C: stops new work and aborts calls in flight, leaving a resumable run. */
  signal?: AbortSignal;
  /** Progress and --json subscribers; the ledger is written by the engine itself. */
  events?: EventBus;
  /** @default 'git' */
  workspace?: 'git' | 'directory';
  /** The checks to pick each component's gate from. @default the built-in checks */
  createChecks?: () => Check[];
  /** Told once the run is set up, before any component starts (progress views list the components). */
  onStart?: (run: { runId: string; componentIds: string[]; maxAttempts: number; resumed: boolean }) => void;
  /** The verification gate. @default `verify` with the component's required checks */
  gate?: (options: GateOptions) => Promise<GateResult>;
  /**
   * The project's secrets, to keep them out of stored findings and edits and to find them written
   * into code. @default the secrets of the environment and the project's `.env` files
   */
  secrets?: Redactor;
  /** Where component work runs. @default the in-process queue */
  queue?: Queue<PlanComponent, ComponentOutcome>;
}

export interface RunPlanResult {
  runId: string;
  status: RunStatus;
  states: Map<string, ScheduledState>;
  /** US dollars of the run's priced calls. */
  costUsd: number;
  /** The run's calls with no price: while above 0, its true cost is unknown. */
  unpricedCalls: number;
  /** A sentence for people: why the run ended as it did. */
  message: string;
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The run-level outcome from the components' states and why new work stopped, if it did. */
function runStatusOf(
  states: Map<string, ScheduledState>,
  stopped: 'interrupted' | 'budget' | undefined,
): RunStatus {
  if (stopped === 'budget') return 'budget-exhausted';
  if (stopped === 'interrupted') return 'cancelled';
  const values = [...states.values()];
  if (values.every((state) => state === 'done')) return 'succeeded';
  if (values.includes('cancelled')) return 'cancelled';
  if (values.includes('waiting-for-person')) return 'waiting-for-person';
  if (values.includes('failed')) return 'failed';
  return 'escalated';
}

const messages: Record<RunStatus, (runId: string) => string> = {
  running: (runId) => `Run ${runId} is running.`,
  succeeded: (runId) => `Run ${runId} succeeded: every component is done with passing checks.`,
  escalated: (runId) =>
    `Run ${runId} ended with components escalated to a person: their last findings are in \`baton findings ${runId}\`.`,
  failed: (runId) =>
    `Run ${runId} has components that failed (a provider or workspace error); \`baton run --resume ${runId}\` retries them.`,
  cancelled: (runId) => `Run ${runId} was interrupted; \`baton run --resume ${runId}\` continues it.`,
  'budget-exhausted': (runId) =>
    `Run ${runId} stopped: its recorded spend reached the budget, and components not finished are left pending. \`baton run --resume ${runId} --budget-usd <higher>\` (or --budget-tokens <higher>) continues it.`,
  'waiting-for-person': (runId) =>
    `Run ${runId} waits for a person: write the components triage marked write-directly, \`baton run --mark-done <component> --run ${runId}\`, then \`baton run --resume ${runId}\`.`,
};

async function findRunToResume(ledger: LedgerStore, resume: string | true): Promise<LedgerRow<'runs'>> {
  const run =
    resume === true ? await latestRunWithStatus(ledger, resumableRunStatuses) : await loadRun(ledger, resume);
  if (run) return run;
  throw new BatonError({
    code: 'RUN_NOT_FOUND',
    message:
      resume === true
        ? `No unfinished run in the ledger at ${ledger.location}.`
        : `No run "${resume}" in the ledger at ${ledger.location}.`,
    hint: 'List runs with `baton runs`, or start one with `baton run <plan>`.',
  });
}

interface PreparedRun {
  runId: string;
  planId: string;
  plan: Plan;
  verdicts: Map<string, TriageVerdict>;
  record: RunOptionsRecord;
  componentRows: Map<string, LedgerRow<'components'>>;
}

async function loadPlan(options: RunPlanOptions, planFile: string) {
  const cwd = options.cwd ?? options.config.root;
  const { text } = readPlanFile(planFile, cwd);
  const { plan, check } = await loadValidPlan({
    file: planFile,
    cwd,
    plan: options.config.plan,
    triage: options.config.triage,
  });
  const verdicts = new Map(check.triage.map((result) => [result.componentId, result.verdict]));
  return { plan, triage: check.triage, verdicts, hash: hashText(text) };
}

async function startRun(
  options: RunPlanOptions,
  workspaces: WorkspaceFactory,
  now: string,
): Promise<PreparedRun> {
  if (!options.planFile) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: 'No plan to run.',
      hint: 'Give a plan file (`baton run plan.yaml`) or continue one with `baton run --resume`.',
    });
  }
  requirePricedProvider(options.provider, options.prices ?? {}, { usd: options.budgetUsd });
  const { plan, triage, verdicts, hash } = await loadPlan(options, options.planFile);
  const runId = createId('run');
  const planId = createId('pln');
  const record: RunOptionsRecord = {
    planFile: relative(
      options.config.root,
      readPlanFile(options.planFile, options.cwd ?? options.config.root).path,
    ),
    planHash: hash,
    providerId: options.provider.id,
    concurrency: options.concurrency ?? 2,
    maxAttempts: options.maxAttempts ?? 3,
    baseCommit: await workspaces.currentCommit(),
    workspace: workspaces.kind,
    ...(options.budgetTokens !== undefined ? { budgetTokens: options.budgetTokens } : {}),
  };
  const rows: LedgerRow<'components'>[] = plan.components.map((component) => {
    const verdict = triage.find((result) => result.componentId === component.id);
    return {
      id: createId('cmp'),
      planId,
      key: component.id,
      title: component.title,
      kind: component.kind,
      triage: verdict?.verdict ?? null,
      ownerRole: component.ownerRole ?? verdict?.suggestedOwner ?? null,
      estimateHours: component.estimateHours ?? null,
      status: 'pending',
      triageReasons: verdict ? JSON.stringify(verdict.reasons) : null,
      statusReason: null,
      evidenceAttemptId: null,
      createdAt: now,
      updatedAt: now,
    };
  });
  const start: BatonEvent = { type: 'run-start', at: now, runId, planId };
  await recordStep(options.ledger, [start], async (writer) => {
    await writer.insert('plans', [
      {
        id: planId,
        feature: plan.feature.name,
        sourcePath: record.planFile,
        contentHash: hash,
        document: JSON.stringify({
          feature: plan.feature,
          components: plan.components.map((component) => component.id),
        }),
        createdAt: now,
      },
    ]);
    await writer.insert('runs', [
      {
        id: runId,
        planId,
        status: 'running',
        startedAt: now,
        endedAt: null,
        budgetUsd: options.budgetUsd ?? null,
        options: JSON.stringify(record),
      },
    ]);
    await writer.insert('components', rows);
  });
  return { runId, planId, plan, verdicts, record, componentRows: new Map(rows.map((row) => [row.key, row])) };
}

async function continueRun(
  options: RunPlanOptions,
  resume: string | true,
  now: string,
): Promise<PreparedRun> {
  const run = await findRunToResume(options.ledger, resume);
  if (!runCanBeResumed(run.status)) {
    throw new BatonError({
      code: 'RUN_ALREADY_FINISHED',
      message: `Run ${run.id} already succeeded; there is nothing to resume.`,
      hint: 'Start a new run with `baton run <plan>`.',
    });
  }
  const stored = runOptionsOf(run);
  requirePricedProvider(options.provider, options.prices ?? {}, {
    usd: options.budgetUsd ?? run.budgetUsd ?? undefined,
  });
  const { plan, verdicts, hash } = await loadPlan({ ...options, cwd: options.config.root }, stored.planFile);
  if (hash !== stored.planHash) {
    throw new BatonError({
      code: 'RUN_PLAN_CHANGED',
      message: `The plan ${stored.planFile} changed since run ${run.id} started, so it cannot be resumed as it was.`,
      hint: 'Restore the plan as it was, or start a new run with `baton run <plan>`.',
    });
  }
  const record: RunOptionsRecord = {
    ...stored,
    concurrency: options.concurrency ?? stored.concurrency,
    maxAttempts: options.maxAttempts ?? stored.maxAttempts,
    ...(options.budgetTokens !== undefined ? { budgetTokens: options.budgetTokens } : {}),
  };
  const rows = await loadComponents(options.ledger, run.planId);
  const start: BatonEvent = { type: 'run-start', at: now, runId: run.id, planId: run.planId };
  await recordStep(options.ledger, [start], async (writer) => {
    await updateRun(writer, run.id, {
      status: 'running',
      endedAt: null,
      budgetUsd: options.budgetUsd ?? run.budgetUsd,
    });
    await updateRunRow(writer, run.id, { options: JSON.stringify(record) });
  });
  return {
    runId: run.id,
    planId: run.planId,
    plan,
    verdicts,
    record,
    componentRows: new Map(rows.map((row) => [row.key, row])),
  };
}

/**
 * `baton run`: runs a plan's components in dependency order with bounded concurrency, each through
 * attempt → verify → repair in its own worktree, every step in the ledger before the next; or
 * resumes a run where the ledger says it stopped.
 */
export async function runPlan(options: RunPlanOptions): Promise<RunPlanResult> {
  const now = () => new Date().toISOString();
  const events = options.events ?? createEventBus();
  const requestedWorkspace = options.workspace;
  let prepared: PreparedRun;
  let workspaces: WorkspaceFactory;
  if (options.resume !== undefined) {
    prepared = await continueRun(options, options.resume, now());
    workspaces = workspaceFactory(options, prepared.record.workspace);
  } else {
    workspaces = workspaceFactory(options, requestedWorkspace ?? 'git');
    prepared = await startRun(options, workspaces, now());
  }
  const { runId, plan, record } = prepared;
  options.onStart?.({
    runId,
    componentIds: plan.components.map((component) => component.id),
    maxAttempts: record.maxAttempts,
    resumed: options.resume !== undefined,
  });
  await announce({ events }, [{ type: 'run-start', at: now(), runId, planId: prepared.planId }]);

  const budget: RunBudget = {
    usd: options.budgetUsd ?? (await loadRun(options.ledger, runId))?.budgetUsd ?? undefined,
    tokens: record.budgetTokens,
  };
  // Two signals: `stopping` hands out no new component (budget or Ctrl-C); `aborting` also cuts work in flight (Ctrl-C).
  const stopping = new AbortController();
  const aborting = new AbortController();
  let stopped: 'interrupted' | 'budget' | undefined;
  const onExternalAbort = () => {
    stopped ??= 'interrupted';
    const reason = new BatonError({
      code: 'PROVIDER_CANCELLED',
      message: 'The run was interrupted.',
      hint: `Continue it with \`baton run --resume ${runId}\`.`,
    });
    stopping.abort(reason);
    aborting.abort(reason);
  };
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const guard: BudgetGuard = await createBudgetGuard({
    ledger: options.ledger,
    runId,
    budget,
    onExhausted: (error) => {
      stopped ??= 'budget';
      stopping.abort(error);
    },
  });

  const context: RunContext = createRunContext({
    runId,
    plan,
    record,
    config: options.config,
    ledger: options.ledger,
    provider: options.provider,
    workspaces,
    componentRows: prepared.componentRows,
    verdicts: prepared.verdicts,
    resumed: options.resume !== undefined,
    signal: aborting.signal,
    events,
    async beforeProviderCall() {
      guard.beforeCall();
    },
    onRecordedCall: (call) => guard.afterCall(call),
    createChecks: options.createChecks,
    gate: options.gate,
    secrets: options.secrets,
  });

  const settled = new Map<string, ComponentOutcome>();
  for (const row of prepared.componentRows.values()) {
    if ((settledComponentStatuses as readonly string[]).includes(row.status))
      settled.set(row.key, row.status as ComponentOutcome);
  }
  const queue = stopOnSpentBudget(
    options.queue ?? createInProcessQueue<PlanComponent, ComponentOutcome>(),
    (error) => {
      stopped ??= 'budget';
      stopping.abort(error);
    },
  );
  queue.process(
    async (job) => {
      try {
        return await runComponent(context, job.payload);
      } catch (error) {
        if (stopping.signal.aborted) throw error;
        await markFailed(context, job.payload, describeCause(error));
        return 'failed';
      }
    },
    { concurrency: record.concurrency },
  );
  let states: Map<string, ScheduledState>;
  try {
    states = await scheduleComponents(plan.components, queue, {
      settled,
      signal: stopping.signal,
      onSettled: (componentId, state) =>
        settleWithoutWork(context, componentId, state, stopped === 'budget' ? record : undefined),
    });
  } finally {
    await queue.close();
    options.signal?.removeEventListener('abort', onExternalAbort);
  }

  const status = runStatusOf(states, stopped);
  const end: BatonEvent = {
    type: 'run-end',
    at: now(),
    runId,
    status: status === 'running' ? 'failed' : status,
  };
  await recordStep(options.ledger, [end], (writer) => updateRun(writer, runId, { status, endedAt: end.at }));
  await announce(context, [end]);
  const spend = await runSpend(options.ledger, runId);
  return {
    runId,
    status,
    states,
    costUsd: spend.usd,
    unpricedCalls: spend.unpricedCalls,
    message: messages[status](runId),
  };
}

/**
 * A queue whose workers live elsewhere reports a component stopped by the budget as a failed job:
 * the run then stops handing out work and ends `budget-exhausted`, as it does when the call was here.
 */
function stopOnSpentBudget(
  queue: Queue<PlanComponent, ComponentOutcome>,
  onSpent: (error: BatonError) => void,
): Queue<PlanComponent, ComponentOutcome> {
  return {
    add: (jobs) => queue.add(jobs),
    process: (handler, processOptions) => queue.process(handler, processOptions),
    close: () => queue.close(),
    async nextResult() {
      const result = await queue.nextResult();
      if (
        result?.status === 'failed' &&
        BatonError.isInstance(result.error) &&
        result.error.code === 'RUN_BUDGET_EXHAUSTED'
      )
        onSpent(result.error);
      return result;
    },
  };
}

function workspaceFactory(options: RunPlanOptions, kind: 'git' | 'directory'): WorkspaceFactory {
  return kind === 'directory'
    ? createDirectoryWorkspaces(options.config.dataDir)
    : createGitWorkspaces(options.config.root, options.config.dataDir);
}

async function markFailed(context: RunContext, component: PlanComponent, reason: string): Promise<void> {
  const row = context.componentRows.get(component.id);
  if (!row) return;
  const at = context.now();
  const events: BatonEvent[] = [
    { type: 'component-end', at, runId: context.runId, componentId: component.id, status: 'failed', reason },
  ];
  await recordStep(context.ledger, events, (writer) =>
    updateComponent(writer, row.id, { status: 'failed', statusReason: reason }, at),
  );
  await announce(context, events);
}

/** Components that end without running: blocked behind one that did not finish, or cancelled. */
async function settleWithoutWork(
  context: RunContext,
  componentId: string,
  state: ScheduledState,
  budgetStopped: RunOptionsRecord | undefined,
): Promise<void> {
  if (state !== 'blocked' && state !== 'cancelled') return;
  const row = context.componentRows.get(componentId);
  if (!row) return;
  const at = context.now();
  const component = context.plan.components.find((candidate) => candidate.id === componentId);
  const reason =
    state === 'blocked'
      ? `Blocked: ${component?.dependsOn.join(', ') ?? 'a dependency'} did not finish.`
      : budgetStopped
        ? `Waiting: the run's budget was reached before its next provider call; \`baton run --resume ${context.runId}\` with a higher budget runs it.`
        : 'Cancelled before it finished; a resume runs it.';
  const events: BatonEvent[] = [
    { type: 'component-end', at, runId: context.runId, componentId, status: state, reason },
  ];
  await recordStep(context.ledger, events, (writer) =>
    updateComponent(
      writer,
      row.id,
      { status: state === 'blocked' || budgetStopped ? 'pending' : 'cancelled', statusReason: reason },
      at,
    ),
  );
  await announce(context, events);
}
