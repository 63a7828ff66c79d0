import { BatonError, describeCause } from '../../core/errors.js';
import type { BatonEvent, EventBus, TriageVerdict } from '../../core/index.js';
import { createId } from '../../core/index.js';
import type { LedgerRow, LedgerStore } from '../../ledger/index.js';
import { updateExperimentSample } from '../../ledger/index.js';
import type { Plan, PlanComponent } from '../../plan/index.js';
import { listRepositoryFiles, type RepositoryFiles } from '../../plan/index.js';
import { type RepositoryFacts, readRepositoryFacts } from '../../prompt/index.js';
import type { Provider, Redactor } from '../../providers/index.js';
import type { Check } from '../../verify/index.js';
import type { WorkspaceFactory } from '../attempt-workspace.js';
import { runComponent } from '../run-component.js';
import { announce, type RunContext } from '../run-context.js';
import type { GateOptions, GateResult } from '../run-gate.js';
import { loadComponents, loadRun, recordStep, updateRun } from '../run-ledger.js';
import type { RunConfig } from '../run-plan.js';
import { type RunOptionsRecord, type RunStatus, settledComponentStatuses } from '../run-state.js';
import type { ComponentOutcome } from '../schedule-components.js';

/** What every sample of an experiment shares. */
export interface SampleEnvironment {
  config: RunConfig;
  ledger: LedgerStore;
  plan: Plan;
  planPath: string;
  /** The plan file relative to the repository root, and its hash, as runs record them. */
  planFile: string;
  planHash: string;
  verdict: TriageVerdict | undefined;
  workspaces: WorkspaceFactory;
  createChecks: () => Check[];
  gate: (options: GateOptions) => Promise<GateResult>;
  secrets: Redactor;
  maxAttempts: number;
  baseCommit: string;
  signal: AbortSignal;
  events: EventBus;
  beforeProviderCall: () => Promise<void>;
  /** Adds a recorded call to the experiment's spend and the run's model time. */
  afterProviderCall: (responseId: string, runId: string, providerId: string) => Promise<void>;
}

export interface SampleToRun {
  sampleId: string;
  /** The run of a sample a crash or a stop left unfinished; it continues in place. */
  runId: string | null;
  component: PlanComponent;
  provider: Provider;
  temperature: number;
}

export interface SampleRunResult {
  runId: string;
  outcome: ComponentOutcome;
  /** Why the sample failed (a provider or workspace error). */
  error: string | undefined;
}

const runStatusOf: Record<ComponentOutcome, RunStatus> = {
  done: 'succeeded',
  escalated: 'escalated',
  failed: 'failed',
  'waiting-for-person': 'waiting-for-person',
};

async function startSampleRun(
  environment: SampleEnvironment,
  sample: SampleToRun,
  now: string,
): Promise<{ runId: string; rows: LedgerRow<'components'>[] }> {
  const { ledger, plan, component } = { ...environment, component: sample.component };
  const runId = createId('run');
  const planId = createId('pln');
  const record: RunOptionsRecord = {
    planFile: environment.planFile,
    planHash: environment.planHash,
    providerId: sample.provider.id,
    concurrency: 1,
    maxAttempts: environment.maxAttempts,
    baseCommit: environment.baseCommit,
    workspace: environment.workspaces.kind,
  };
  const row: LedgerRow<'components'> = {
    id: createId('cmp'),
    planId,
    key: component.id,
    title: component.title,
    kind: component.kind,
    triage: environment.verdict ?? null,
    ownerRole: component.ownerRole ?? null,
    estimateHours: component.estimateHours ?? null,
    status: 'pending',
    triageReasons: null,
    statusReason: null,
    evidenceAttemptId: null,
    createdAt: now,
    updatedAt: now,
  };
  const start: BatonEvent = { type: 'run-start', at: now, runId, planId };
  // The run and the sample's claim on it land together, so a crash never leaves a run no sample owns.
  await recordStep(ledger, [start], async (writer) => {
    await writer.insert('plans', [
      {
        id: planId,
        feature: plan.feature.name,
        sourcePath: environment.planFile,
        contentHash: environment.planHash,
        document: JSON.stringify({ feature: plan.feature, components: [component.id] }),
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
        budgetUsd: null,
        options: JSON.stringify(record),
      },
    ]);
    await writer.insert('components', [row]);
    await updateExperimentSample(writer, sample.sampleId, { status: 'running', runId, startedAt: now });
  });
  return { runId, rows: [row] };
}

/**
 * Runs one sample: the component, as its variant prompts it, through the engine's own attempt →
 * provider → edits → gate → repair loop in a run of its own, from the experiment's base commit.
 * Nothing is merged. A sample whose run was cut short continues where the ledger says it stopped.
 */
export async function runSample(
  environment: SampleEnvironment,
  sample: SampleToRun,
): Promise<SampleRunResult> {
  const now = () => new Date().toISOString();
  const { ledger, plan } = environment;
  let runId: string;
  let rows: LedgerRow<'components'>[];
  if (sample.runId) {
    runId = sample.runId;
    const run = await loadRun(ledger, runId);
    if (!run) {
      throw new BatonError({
        code: 'INTERNAL',
        message: `The sample's run ${runId} is not in the ledger at ${ledger.location}.`,
      });
    }
    rows = await loadComponents(ledger, run.planId);
    await recordStep(ledger, [{ type: 'run-start', at: now(), runId, planId: run.planId }], (writer) =>
      updateRun(writer, runId, { status: 'running', endedAt: null }),
    );
  } else ({ runId, rows } = await startSampleRun(environment, sample, now()));

  let listedFiles: Promise<RepositoryFiles> | undefined;
  let readFacts: RepositoryFacts | undefined;
  const context: RunContext = {
    runId,
    plan: { ...plan, components: [sample.component] },
    planPath: environment.planPath,
    root: environment.config.root,
    dataDir: environment.config.dataDir,
    ledger,
    provider: sample.provider,
    workspaces: environment.workspaces,
    createChecks: environment.createChecks,
    gate: environment.gate,
    repositoryFiles: () => {
      listedFiles ??= listRepositoryFiles(plan.root);
      return listedFiles;
    },
    repositoryFacts: () => {
      readFacts ??= readRepositoryFacts(plan.root);
      return readFacts;
    },
    secrets: environment.secrets,
    verify: environment.config.verify,
    prompt: environment.config.prompt,
    tsconfig: environment.config.tsconfig,
    testCommand: environment.config.testCommand,
    maxAttempts: environment.maxAttempts,
    temperature: sample.temperature,
    baseCommit: environment.baseCommit,
    componentRows: new Map(rows.map((row) => [row.key, row])),
    // A write-directly verdict would hand the component to a person; an experiment asks the model.
    verdicts: new Map([
      [
        sample.component.id,
        environment.verdict === 'write-directly' ? 'orchestrate' : (environment.verdict ?? 'orchestrate'),
      ],
    ]),
    resumed: sample.runId !== null,
    doneCommits: new Map(),
    signal: environment.signal,
    beforeProviderCall: environment.beforeProviderCall,
    beforeDone: async () => {},
    afterProviderCall: (responseId) => environment.afterProviderCall(responseId, runId, sample.provider.id),
    events: environment.events,
    now,
  };

  let outcome: ComponentOutcome;
  let error: string | undefined;
  const settled = rows.find((row) => (settledComponentStatuses as readonly string[]).includes(row.status));
  try {
    // Finished before a crash kept the sample from saying so: its outcome stands, no new attempt.
    outcome = settled ? (settled.status as ComponentOutcome) : await runComponent(context, sample.component);
  } catch (caught) {
    // A stop (Ctrl-C, the budget) leaves the sample running: the next session continues it.
    if (
      environment.signal.aborted ||
      (BatonError.isInstance(caught) && caught.code === 'RUN_BUDGET_EXHAUSTED')
    ) {
      const status: RunStatus = environment.signal.aborted ? 'cancelled' : 'budget-exhausted';
      await recordStep(ledger, [], (writer) => updateRun(writer, runId, { status, endedAt: now() }));
      throw caught;
    }
    outcome = 'failed';
    error = describeCause(caught);
  }
  if (outcome === 'failed' && !error) {
    const [row] = await loadComponents(ledger, rows[0]?.planId ?? '');
    error = row?.statusReason ?? 'The sample failed.';
  }
  const status = runStatusOf[outcome];
  const end: BatonEvent = {
    type: 'run-end',
    at: now(),
    runId,
    status: status === 'running' ? 'failed' : status,
  };
  await recordStep(ledger, [end], (writer) => updateRun(writer, runId, { status, endedAt: end.at }));
  await announce(context, [end]);
  return { runId, outcome, error };
}
