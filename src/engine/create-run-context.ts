import { join } from 'node:path';
import type { TriageVerdict } from '../core/config/planning-settings.js';
import type { EventBus } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import type { LedgerRow } from '../ledger/schema.js';
import type { Plan } from '../plan/plan.js';
import { listRepositoryFiles, type RepositoryFiles } from '../plan/repository-files.js';
import { type RepositoryFacts, readRepositoryFacts } from '../prompt/repository-facts.js';
import type { Provider } from '../providers/provider.js';
import type { Redactor } from '../providers/redact.js';
import { createProjectRedactor } from '../providers/setup.js';
import type { Check } from '../verify/index.js';
import { createBuiltInChecks } from '../verify/index.js';
import type { WorkspaceFactory } from './attempt-workspace.js';
import { recordModelTime } from './run-activity.js';
import type { RunContext } from './run-context.js';
import { type GateOptions, type GateResult, runGate } from './run-gate.js';
import { type RecordedCall, recordedCall } from './run-ledger.js';
import type { RunConfig } from './run-plan.js';
import type { RunOptionsRecord } from './run-state.js';

export interface RunContextOptions {
  runId: string;
  plan: Plan;
  record: RunOptionsRecord;
  config: RunConfig;
  ledger: LedgerStore;
  provider: Provider;
  workspaces: WorkspaceFactory;
  componentRows: Map<string, LedgerRow<'components'>>;
  verdicts: Map<string, TriageVerdict>;
  resumed: boolean;
  signal: AbortSignal;
  events: EventBus;
  /** Throws `RUN_BUDGET_EXHAUSTED` once the run's budget is spent, so no new call starts. */
  beforeProviderCall: () => Promise<void>;
  /** Publishes a passing attempt's commit before the ledger records its component done. */
  beforeDone?: (componentId: string, commitSha: string) => Promise<void>;
  /** Told of every call the ledger recorded, before its model time is. */
  onRecordedCall?: (call: RecordedCall) => void;
  createChecks?: (() => Check[]) | undefined;
  gate?: ((options: GateOptions) => Promise<GateResult>) | undefined;
  secrets?: Redactor | undefined;
}

/**
 * What a component's work needs to know of its run, built the same way whether the whole plan runs
 * here (`runPlan`) or one queued component runs on a worker (`runQueuedComponent`).
 */
export function createRunContext(options: RunContextOptions): RunContext {
  const { config, ledger, plan, record, runId } = options;
  let listedFiles: Promise<RepositoryFiles> | undefined;
  let readFacts: RepositoryFacts | undefined;
  return {
    runId,
    plan,
    planPath: join(config.root, record.planFile),
    root: config.root,
    dataDir: config.dataDir,
    ledger,
    provider: options.provider,
    workspaces: options.workspaces,
    createChecks: options.createChecks ?? createBuiltInChecks,
    gate: options.gate ?? runGate,
    repositoryFiles: () => {
      listedFiles ??= listRepositoryFiles(plan.root);
      return listedFiles;
    },
    repositoryFacts: () => {
      readFacts ??= readRepositoryFacts(plan.root);
      return readFacts;
    },
    secrets: options.secrets ?? createProjectRedactor(config.root),
    verify: config.verify,
    prompt: config.prompt,
    tsconfig: config.tsconfig,
    testCommand: config.testCommand,
    maxAttempts: record.maxAttempts,
    baseCommit: record.baseCommit,
    componentRows: options.componentRows,
    verdicts: options.verdicts,
    resumed: options.resumed,
    doneCommits: new Map(),
    signal: options.signal,
    beforeProviderCall: options.beforeProviderCall,
    beforeDone: options.beforeDone ?? (async () => {}),
    async afterProviderCall(responseId) {
      const call = await recordedCall(ledger, responseId);
      if (!call) return;
      options.onRecordedCall?.(call);
      await recordModelTime(ledger, runId, options.provider.id, call);
    },
    events: options.events,
    now: () => new Date().toISOString(),
  };
}
