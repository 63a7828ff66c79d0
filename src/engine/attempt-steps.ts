import { describeCause } from '../core/errors.js';
import type { BatonEvent } from '../core/events.js';
import { createId } from '../core/ids.js';
import type { LedgerWriter } from '../ledger/ledger-store.js';
import { recordAttemptVerdict, updateAttempt } from '../ledger/queries/attempt-records.js';
import type { LedgerRow, NewLedgerRow } from '../ledger/schema.js';
import type { PlanComponent } from '../plan/plan.js';
import type { AttemptWorkspace } from './attempt-workspace.js';
import type { AttemptJudgement } from './judge-answer.js';
import type { RepairFinding } from './repair-prompt.js';
import { announce, type RunContext } from './run-context.js';
import { attemptFindings, recordStep, type StoredConversation, updateComponent } from './run-ledger.js';

// The ledger steps of one attempt that the attempt loop takes: each is one transaction with its events,
// announced to the other subscribers only once it is committed.

/** Which attempt of which component a step belongs to. */
export interface AttemptStepTarget {
  component: PlanComponent;
  row: LedgerRow<'components'>;
  attemptId: string;
  number: number;
}

function findingRows(
  findings: readonly RepairFinding[],
  runId: string,
  attemptId: string,
  at: string,
): NewLedgerRow<'findings'>[] {
  return findings.map((finding) => ({
    id: createId('fnd'),
    runId,
    attemptId,
    checkId: finding.checkId,
    ruleId: finding.ruleId,
    severity: finding.severity,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: null,
    endColumn: null,
    message: finding.message,
    hint: finding.hint,
    cwe: null,
    createdAt: at,
  }));
}

function summarize(findings: readonly RepairFinding[]): string {
  const first = findings
    .slice(0, 3)
    .map(
      (finding) =>
        `${finding.file ?? '.'}${finding.line ? `:${finding.line}` : ''} ${finding.ruleId}: ${finding.message}`,
    );
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} after the last attempt: ${first.join('; ')}${findings.length > 3 ? '; …' : ''}`;
}

/** The attempt starts: its row (new, or the unfinished one continued in place) with the conversation to send. */
export async function recordAttemptStart(
  context: RunContext,
  target: AttemptStepTarget,
  start: {
    existing: boolean;
    reused: boolean;
    workspace: AttemptWorkspace;
    conversation: StoredConversation;
  },
): Promise<void> {
  const { component, row, attemptId, number } = target;
  const startedAt = context.now();
  const startEvents: BatonEvent[] = [];
  if (number === 1 && !start.existing)
    startEvents.push({
      type: 'component-start',
      at: startedAt,
      runId: context.runId,
      componentId: component.id,
    });
  startEvents.push(
    {
      type: 'attempt-start',
      at: startedAt,
      runId: context.runId,
      componentId: component.id,
      attempt: number,
    },
    {
      type: 'attempt-step',
      at: startedAt,
      runId: context.runId,
      componentId: component.id,
      attempt: number,
      step: start.reused ? 'response-reused' : 'provider-call',
    },
  );
  await recordStep(context.ledger, startEvents, async (writer) => {
    const values = {
      status: 'running' as const,
      worktree: start.workspace.path,
      branch: start.workspace.branch,
      baseCommit: start.workspace.baseCommit,
      conversation: JSON.stringify(start.conversation),
    };
    if (start.existing) await updateAttempt(writer, attemptId, values);
    else
      await writer.insert('attempts', [
        {
          id: attemptId,
          runId: context.runId,
          componentId: row.id,
          number,
          startedAt,
          endedAt: null,
          ...values,
        },
      ]);
    await updateComponent(writer, row.id, { status: 'running', statusReason: null }, startedAt);
  });
  await announce(context, startEvents);
}

/** The provider call failed: a cancelled attempt stays resumable, any other failure fails the component. */
export async function recordProviderFailure(
  context: RunContext,
  target: AttemptStepTarget,
  error: unknown,
  cancelled: boolean,
): Promise<void> {
  const { component, row, attemptId, number } = target;
  const at = context.now();
  const reason = `The provider failed: ${describeCause(error)}`;
  const events: BatonEvent[] = cancelled
    ? []
    : [
        {
          type: 'attempt-end',
          at,
          runId: context.runId,
          componentId: component.id,
          attempt: number,
          outcome: 'provider-error',
        },
        {
          type: 'component-end',
          at,
          runId: context.runId,
          componentId: component.id,
          status: 'failed',
          reason,
        },
      ];
  await recordStep(context.ledger, events, async (writer) => {
    await updateAttempt(writer, attemptId, {
      status: cancelled ? 'cancelled' : 'provider-error',
      endedAt: at,
    });
    await updateComponent(
      writer,
      row.id,
      cancelled ? { status: 'cancelled' } : { status: 'failed', statusReason: reason },
      at,
    );
  });
  await announce(context, events);
}

/**
 * The gate's verdict on a committed attempt: its findings, status, commit and evidence, and the
 * component `done` (with that evidence) or, on its last attempt, `escalated`, all in one step.
 */
export async function recordAttemptOutcome(
  context: RunContext,
  target: AttemptStepTarget,
  outcome: { judgement: AttemptJudgement; commitSha: string; last: boolean },
): Promise<void> {
  const { component, row, attemptId, number } = target;
  const { judgement, commitSha, last } = outcome;
  const evidence = judgement.evidence ? { ...judgement.evidence, commitSha } : undefined;
  const at = context.now();
  const done = judgement.outcome === 'passed';
  const escalationReason = done ? undefined : summarize(judgement.findings);
  const events: BatonEvent[] = [
    {
      type: 'attempt-step',
      at,
      runId: context.runId,
      componentId: component.id,
      attempt: number,
      step: 'committed',
    },
    ...(evidence?.checks ?? []).map(
      (check): BatonEvent => ({
        type: 'check-end',
        at,
        runId: context.runId,
        componentId: component.id,
        checkId: check.checkId,
        findings: check.findings,
        durationMs: check.durationMs,
      }),
    ),
    {
      type: 'attempt-end',
      at,
      runId: context.runId,
      componentId: component.id,
      attempt: number,
      outcome: judgement.outcome,
    },
  ];
  if (done || last)
    events.push({
      type: 'component-end',
      at,
      runId: context.runId,
      componentId: component.id,
      status: done ? 'done' : 'escalated',
      reason: escalationReason,
    });
  if (done) await context.beforeDone(component.id, commitSha);
  await recordStep(context.ledger, events, async (writer: LedgerWriter) => {
    await writer.insert('findings', findingRows(judgement.findings, context.runId, attemptId, at));
    await recordAttemptVerdict(writer, attemptId, {
      status: judgement.outcome,
      endedAt: at,
      commitSha,
      evidence: evidence ? JSON.stringify(evidence) : null,
    });
    if (done)
      await updateComponent(
        writer,
        row.id,
        { status: 'done', statusReason: null, evidenceAttemptId: attemptId },
        at,
      );
    else if (last)
      await updateComponent(writer, row.id, { status: 'escalated', statusReason: escalationReason }, at);
  });
  if (done) context.doneCommits.set(component.id, commitSha);
  await announce(context, events);
}

/** Attempts ran out before this resume (a lower --max-attempts): escalate with the last findings. */
export async function recordOutOfAttempts(
  context: RunContext,
  component: PlanComponent,
  row: LedgerRow<'components'>,
  lastAttemptId: string | undefined,
): Promise<void> {
  const at = context.now();
  const lastFindings = lastAttemptId ? await attemptFindings(context.ledger, lastAttemptId) : [];
  const reason = summarize(lastFindings);
  const events: BatonEvent[] = [
    {
      type: 'component-end',
      at,
      runId: context.runId,
      componentId: component.id,
      status: 'escalated',
      reason,
    },
  ];
  await recordStep(context.ledger, events, (writer) =>
    updateComponent(writer, row.id, { status: 'escalated', statusReason: reason }, at),
  );
  await announce(context, events);
}
