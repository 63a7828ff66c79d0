import { join, relative } from 'node:path';
import { resolveBenchmarkBudget } from '../core/config/benchmark-settings.js';
import type { TriageVerdict } from '../core/config/planning-settings.js';
import { BatonError } from '../core/errors.js';
import type { BatonEvent } from '../core/events.js';
import { createId } from '../core/ids.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { lastComponentAttempt, updateAttempt } from '../ledger/queries/attempt-records.js';
import { componentInRun } from '../ledger/queries/component-records.js';
import { loadValidPlan } from '../plan/check-plan.js';
import type { ComponentKind } from '../plan/plan-schema.js';
import type { Check } from '../verify/index.js';
import { createBuiltInChecks, findingRow, toVerifiedComponent } from '../verify/index.js';
import { createGitWorkspaces } from './attempt-workspace.js';
import { requiredChecks } from './required-checks.js';
import { runGate } from './run-gate.js';
import { loadRun, recordStep, runOptionsOf, updateComponent } from './run-ledger.js';
import type { RunConfig } from './run-plan.js';
import type { AttemptEvidence } from './run-state.js';

export interface MarkDoneOptions {
  config: RunConfig;
  ledger: LedgerStore;
  /** The component's id in the plan. */
  componentId: string;
  /** The run; the newest run in which the component waits for a person when absent. */
  runId?: string;
  createChecks?: () => Check[];
  signal?: AbortSignal;
}

export interface MarkDoneResult {
  runId: string;
  done: boolean;
  evidence: AttemptEvidence;
  findings: { file: string; line: number; ruleId: string; message: string }[];
}

async function findWaitingComponent(ledger: LedgerStore, componentId: string, runId: string | undefined) {
  const found = await componentInRun(ledger, componentId, runId);
  if (!found) {
    throw new BatonError({
      code: 'RUN_NOT_FOUND',
      message: `No run${runId ? ` ${runId}` : ''} has a component "${componentId}".`,
      hint: 'Give the component id from the plan, and the run with --run <run-id> (see `baton runs`).',
    });
  }
  if (found.status !== 'waiting-for-person') {
    throw new BatonError({
      code: 'RUN_COMPONENT_NOT_WAITING',
      message: `"${componentId}" in run ${found.runId} is ${found.status}, not waiting for a person.`,
      hint: 'Only components triage marked write-directly wait for a person; the engine judges the others.',
    });
  }
  return found;
}

/**
 * A person says a write-directly component is written: the same gate the engine applies runs on
 * its worktree, and only if every required check passes is it committed (with the run's trailers)
 * and marked done with that evidence. Otherwise it keeps waiting, with the findings recorded.
 */
export async function markComponentDone(options: MarkDoneOptions): Promise<MarkDoneResult> {
  const { ledger, config } = options;
  const found = await findWaitingComponent(ledger, options.componentId, options.runId);
  const run = await loadRun(ledger, found.runId);
  if (!run) throw new BatonError({ code: 'RUN_NOT_FOUND', message: `No run ${found.runId}.` });
  const record = runOptionsOf(run);
  const { plan } = await loadValidPlan({
    file: record.planFile,
    cwd: config.root,
    plan: config.plan,
    triage: config.triage,
  });
  const component = plan.components.find((candidate) => candidate.id === options.componentId);
  const attempt = await lastComponentAttempt(ledger, run.id, found.rowId);
  const workspaces = createGitWorkspaces(config.root, config.dataDir);
  const opened = await workspaces.open({
    runId: run.id,
    componentId: options.componentId,
    attempt: attempt?.number ?? 1,
    bases: [attempt?.baseCommit ?? record.baseCommit],
    reuseExisting: true,
  });
  // Changes count from where the person's worktree started, after its dependencies were merged.
  const workspace = { ...opened, baseCommit: attempt?.baseCommit ?? opened.baseCommit };
  const changed = await workspaces.changedFiles(workspace);
  if (changed.length === 0) {
    throw new BatonError({
      code: 'RUN_COMPONENT_NOT_WAITING',
      message: `Nothing is written in ${workspace.path} yet, so "${options.componentId}" cannot be done.`,
      hint: `Write the component there (branch ${workspace.branch}), then mark it done again.`,
    });
  }
  const available = (options.createChecks ?? createBuiltInChecks)();
  const checks = requiredChecks({
    kind: found.kind as ComponentKind,
    verdict: (found.triage ?? undefined) as TriageVerdict | undefined,
    installed: available,
    touchedFiles: changed.map((file) => join(workspace.path, file)),
    configured: config.verify.checks,
  });
  const testFiles = [...(component?.acceptance ?? []), ...(component?.edgeCases ?? [])]
    .map((item) => item.test?.split(' > ')[0]?.trim())
    .filter((test): test is string => test !== undefined)
    .map((test) => relative(config.root, join(plan.root, test)));
  const startedAt = new Date().toISOString();
  const gate = await runGate({
    root: workspace.path,
    repositoryRoot: config.root,
    checkIds: checks.run,
    unavailable: checks.unavailable,
    available,
    verify: config.verify,
    tsconfig: config.tsconfig,
    testCommand: config.testCommand,
    testFiles,
    component: component && toVerifiedComponent(plan, component, join(config.root, record.planFile)),
    benchmark: component?.benchmark && resolveBenchmarkBudget(component.id, component.benchmark),
    signal: options.signal ?? new AbortController().signal,
  });
  const passed = gate.evidence.passed;
  const commitSha = passed
    ? await workspaces.commit(workspace, {
        subject: `${component?.title ?? options.componentId} (written by a person)`,
        trailers: { 'Baton-Run': run.id, 'Baton-Component': options.componentId, 'Baton-Attempt': '1' },
      })
    : undefined;
  const evidence: AttemptEvidence = { ...gate.evidence, commitSha };
  const attemptId = attempt?.id ?? createId('att');
  const at = new Date().toISOString();
  const events: BatonEvent[] = [
    { type: 'attempt-start', at: startedAt, runId: run.id, componentId: options.componentId, attempt: 1 },
    {
      type: 'attempt-end',
      at,
      runId: run.id,
      componentId: options.componentId,
      attempt: 1,
      outcome: passed ? 'passed' : 'findings',
    },
  ];
  if (passed)
    events.push({
      type: 'component-end',
      at,
      runId: run.id,
      componentId: options.componentId,
      status: 'done',
    });
  await recordStep(ledger, events, async (writer) => {
    const values = {
      status: passed ? ('passed' as const) : ('running' as const),
      commitSha: commitSha ?? null,
      evidence: JSON.stringify(evidence),
      endedAt: passed ? at : null,
    };
    if (attempt) await updateAttempt(writer, attemptId, values);
    else
      await writer.insert('attempts', [
        {
          id: attemptId,
          runId: run.id,
          componentId: found.rowId,
          number: 1,
          worktree: workspace.path,
          branch: workspace.branch,
          baseCommit: workspace.baseCommit,
          conversation: null,
          startedAt,
          ...values,
        },
      ]);
    await writer.insert(
      'findings',
      gate.findings.map((finding) => findingRow(finding, run.id, attemptId, at)),
    );
    if (passed)
      await updateComponent(
        writer,
        found.rowId,
        { status: 'done', statusReason: null, evidenceAttemptId: attemptId },
        at,
      );
  });
  if (passed) await workspaces.release(workspace);
  return {
    runId: run.id,
    done: passed,
    evidence,
    findings: gate.findings.map((finding) => ({
      file: finding.file,
      line: finding.range.startLine,
      ruleId: finding.ruleId,
      message: finding.message,
    })),
  };
}
