import { join, relative } from 'node:path';
import { BatonError, describeCause } from '../core/errors.js';
import type { BatonEvent } from '../core/events.js';
import { createId } from '../core/ids.js';
import type { LedgerWriter } from '../ledger/ledger-store.js';
import type { NewLedgerRow } from '../ledger/schema.js';
import type { PlanComponent } from '../plan/plan.js';
import { listRepositoryFiles } from '../plan/repository-files.js';
import { gatherComponentContext } from '../prompt/component-context.js';
import { renderPrompt } from '../prompt/render-prompt.js';
import { readRepositoryFacts } from '../prompt/repository-facts.js';
import type { ChatMessage } from '../providers/provider.js';
import type { Finding } from '../verify/finding.js';
import { applyEdits } from '../workspace/apply-edits.js';
import { parseEdits } from '../workspace/parse-edits.js';
import type { AttemptWorkspace } from './attempt-workspace.js';
import {
  answerFormatInstructions,
  type RepairFinding,
  renderRepairPrompt,
  renderReviewedRepairPrompt,
} from './repair-prompt.js';
import { requiredChecks } from './required-checks.js';
import { loadReviewerFeedback, renderReviewerFeedback } from './review/reviewer-feedback.js';
import { announce, componentRow, type RunContext } from './run-context.js';
import {
  type AttemptRow,
  attemptFindings,
  evidenceCommits,
  hasEdits,
  loadAttempts,
  recordStep,
  type StoredConversation,
  storedResponse,
  updateComponent,
} from './run-ledger.js';
import type { AttemptEvidence } from './run-state.js';
import { judgedAttemptStatuses } from './run-state.js';
import type { ComponentOutcome } from './schedule-components.js';

/** The commits a component's first attempt starts from: its dependencies' done commits, or the run's base. */
async function dependencyBases(context: RunContext, component: PlanComponent): Promise<string[]> {
  if (component.dependsOn.length === 0) return [context.baseCommit];
  const unknown = component.dependsOn.filter((dependency) => !context.doneCommits.has(dependency));
  const rowIds = new Map(
    unknown.map((dependency) => [context.componentRows.get(dependency)?.id, dependency]),
  );
  const commits = await evidenceCommits(
    context.ledger,
    [...rowIds.keys()].filter((id): id is string => id !== undefined),
  );
  for (const [rowId, commitSha] of commits) {
    const dependency = rowIds.get(rowId);
    if (dependency) context.doneCommits.set(dependency, commitSha);
  }
  return component.dependsOn.map((dependency) => {
    const commitSha = context.doneCommits.get(dependency);
    if (!commitSha) {
      throw new BatonError({
        code: 'INTERNAL',
        message: `"${component.id}" started before its dependency "${dependency}" had a done commit.`,
      });
    }
    return commitSha;
  });
}

/** The first prompt, rendered against the attempt's folder so that dependencies' code is context. */
async function firstConversation(
  context: RunContext,
  component: PlanComponent,
  workspace: AttemptWorkspace,
  feedback: string,
): Promise<StoredConversation> {
  // A worktree holds the repository with the dependencies' code; a plain folder holds nothing to read.
  const inWorktree = context.workspaces.kind === 'git';
  const planRoot = inWorktree
    ? join(workspace.path, relative(context.root, context.plan.root))
    : context.plan.root;
  const plan = { ...context.plan, root: planRoot };
  const files = inWorktree ? await listRepositoryFiles(planRoot) : await context.repositoryFiles();
  const facts = inWorktree ? readRepositoryFacts(planRoot) : context.repositoryFacts();
  const rendered = renderPrompt(
    plan,
    component,
    gatherComponentContext(plan, component, files, facts),
    context.prompt.tokenBudget,
  );
  const text = feedback ? `${rendered.text.trimEnd()}\n\n${feedback}` : rendered.text;
  return { system: answerFormatInstructions, messages: [{ role: 'user', content: text }] };
}

function toRepairFinding(finding: Finding): RepairFinding {
  return {
    checkId: finding.checkId,
    ruleId: finding.ruleId,
    severity: finding.severity,
    file: finding.file,
    line: finding.range.startLine,
    column: finding.range.startColumn,
    message: finding.message,
    hint: finding.hint ?? null,
  };
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

/** What the next attempt continues from. */
type PreviousAttempt = Pick<AttemptRow, 'id' | 'number' | 'commitSha' | 'parsedConversation'>;

/** The conversation the next attempt continues: the previous one, its answer, and the repair prompt. */
async function conversationAfter(
  context: RunContext,
  component: PlanComponent,
  previous: PreviousAttempt,
  feedback: string,
): Promise<StoredConversation> {
  const conversation = previous.parsedConversation;
  const response = await storedResponse(context.ledger, previous.id);
  if (!conversation || !response) {
    throw new BatonError({
      code: 'INTERNAL',
      message: `Attempt ${previous.number} of "${component.id}" has no stored conversation or answer to continue.`,
    });
  }
  const findings = await attemptFindings(context.ledger, previous.id);
  const messages: ChatMessage[] = [
    ...conversation.messages,
    { role: 'assistant', content: response.text },
    {
      role: 'user',
      content: feedback
        ? renderReviewedRepairPrompt(component, previous.number, findings, feedback)
        : renderRepairPrompt(component, previous.number, findings),
    },
  ];
  return { system: conversation.system, messages };
}

interface AttemptJudgement {
  outcome: 'passed' | 'findings' | 'no-edits';
  findings: RepairFinding[];
  evidence: AttemptEvidence | undefined;
  responseId: string;
}

/** Reads the edits out of an answer, applies them, and runs the component's gate. */
async function judgeAnswer(
  context: RunContext,
  component: PlanComponent,
  attempt: { id: string; number: number; resumed: boolean },
  workspace: AttemptWorkspace,
  response: { id: string; text: string },
): Promise<AttemptJudgement> {
  const at = context.now();
  const parsed = parseEdits(response.text);
  const editFindings: RepairFinding[] = parsed.findings
    .filter((finding) => finding.ruleId !== 'edit/no-usable-edit' || parsed.edits.length === 0)
    .map((finding) => ({
      checkId: 'edits',
      ruleId: finding.ruleId,
      severity: parsed.edits.length === 0 ? 'error' : 'warning',
      file: null,
      line: finding.line ?? null,
      column: null,
      message: `${finding.message}${finding.line ? ` (line ${finding.line} of the answer)` : ''}`,
      hint: 'Put each file in a fenced block whose info string is its path, or use SEARCH/REPLACE blocks.',
    }));
  if (parsed.edits.length === 0) {
    return { outcome: 'no-edits', findings: editFindings, evidence: undefined, responseId: response.id };
  }
  const applied = applyEdits(workspace.path, parsed.edits);
  const issues = applied.success ? [] : applied.issues;
  const stepEvents: BatonEvent[] = [
    {
      type: 'attempt-step',
      at,
      runId: context.runId,
      componentId: component.id,
      attempt: attempt.number,
      step: 'edits-applied',
    },
  ];
  const verdict = context.verdicts.get(component.id);
  const available = context.createChecks();
  const checks = requiredChecks(
    component.kind,
    verdict,
    available.map((check) => check.id),
  );
  // The checks about to run are announced in the same transaction as the edits, one commit fewer.
  if (applied.success)
    stepEvents.push({
      type: 'attempt-step',
      at,
      runId: context.runId,
      componentId: component.id,
      attempt: attempt.number,
      step: 'checks',
      checks: checks.run,
    });
  // Only an attempt continued by a resume can have its edits recorded already.
  const alreadyRecorded = attempt.resumed && (await hasEdits(context.ledger, attempt.id));
  await recordStep(context.ledger, stepEvents, async (writer) => {
    if (alreadyRecorded) return;
    await writer.insert(
      'edits',
      parsed.edits.map((edit) => {
        const issue = issues.find((candidate) => candidate.path === edit.path);
        return {
          id: createId('edt'),
          attemptId: attempt.id,
          responseId: response.id,
          path: edit.path,
          format: edit.format,
          content: JSON.stringify(edit),
          status: applied.success ? 'applied' : issue ? 'failed' : 'not-applied',
          error: issue?.message ?? null,
          createdAt: at,
        };
      }),
    );
  });
  await announce(context, stepEvents);
  if (!applied.success) {
    const findings = [
      ...editFindings,
      ...issues.map((issue) => ({
        checkId: 'edits',
        ruleId:
          issue.code === 'EDIT_PATH_OUTSIDE_WORKTREE' ? 'edit/path-outside-worktree' : 'edit/does-not-apply',
        severity: 'error',
        file: issue.path,
        line: null,
        column: null,
        message: issue.message,
        hint: issue.hint ?? 'Send whole files instead of diffs when a change does not apply.',
      })),
    ];
    return { outcome: 'no-edits', findings, evidence: undefined, responseId: response.id };
  }

  const testFiles = [
    ...component.acceptance.map((criterion) => criterion.test),
    ...component.edgeCases.map((edgeCase) => edgeCase.test),
  ]
    .filter((test): test is string => test !== undefined)
    // A test is named as `file > test name`; the gate runs the file.
    .map((test) => relative(context.root, join(context.plan.root, test.split(' > ')[0]?.trim() ?? test)));
  const gate = await context.gate({
    root: workspace.path,
    repositoryRoot: context.root,
    checkIds: checks.run,
    unavailable: checks.unavailable,
    available,
    verify: context.verify,
    tsconfig: context.tsconfig,
    testCommand: context.testCommand,
    testFiles: [...new Set(testFiles)],
    signal: context.signal,
    onCheckEnd: (run) =>
      void context.events.emit({
        type: 'check-end',
        at: context.now(),
        runId: context.runId,
        componentId: component.id,
        ...run,
      }),
  });
  const findings = [...editFindings, ...gate.findings.map(toRepairFinding)];
  return {
    outcome: gate.evidence.passed ? 'passed' : 'findings',
    findings,
    evidence: { ...gate.evidence, commitSha: undefined },
    responseId: response.id,
  };
}

/** A component triage said to write by hand: its worktree is made ready and it waits for a person. */
async function prepareForPerson(context: RunContext, component: PlanComponent): Promise<ComponentOutcome> {
  const row = componentRow(context, component);
  const workspace = await context.workspaces.open({
    runId: context.runId,
    componentId: component.id,
    attempt: 1,
    bases: await dependencyBases(context, component),
    reuseExisting: true,
  });
  const at = context.now();
  const attempts = await loadAttempts(context.ledger, context.runId, row.id);
  const attempt = attempts[0];
  const reason = `Triage says write it directly: write it in ${workspace.path} (branch ${workspace.branch}), then run \`baton run --mark-done ${component.id} --run ${context.runId}\`.`;
  const events: BatonEvent[] = [
    {
      type: 'component-end',
      at,
      runId: context.runId,
      componentId: component.id,
      status: 'waiting-for-person',
      reason,
    },
  ];
  await recordStep(context.ledger, events, async (writer) => {
    // The person's attempt: `running` while they write, judged by `baton run --mark-done`.
    if (!attempt)
      await writer.insert('attempts', [
        {
          id: createId('att'),
          runId: context.runId,
          componentId: row.id,
          number: 1,
          status: 'running',
          worktree: workspace.path,
          branch: workspace.branch,
          baseCommit: workspace.baseCommit,
          conversation: null,
          startedAt: at,
          endedAt: null,
        },
      ]);
    await updateComponent(writer, row.id, { status: 'waiting-for-person', statusReason: reason }, at);
  });
  await announce(context, events);
  return 'waiting-for-person';
}

/**
 * What people said in review that the next attempt must answer, as a prompt section (empty when
 * nothing is open), and when the component was last rejected.
 */
async function reviewOf(
  context: RunContext,
  componentRowId: string,
): Promise<{ feedback: string; rejectedAt: string | undefined }> {
  const entries = await loadReviewerFeedback(context.ledger, componentRowId, { includeNotes: true });
  const open = entries.filter((entry) => entry.open);
  const rejections = entries.filter((entry) => entry.decision === 'reject');
  return {
    feedback: open.some((entry) => entry.decision === 'reject') ? renderReviewerFeedback(open) : '',
    rejectedAt: rejections.at(-1)?.at,
  };
}

function isCancellation(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (BatonError.isInstance(error) && error.code === 'PROVIDER_CANCELLED');
}

/**
 * Runs one component to an outcome: attempt → provider → edits → gate → repair, bounded by
 * `maxAttempts`, each step in the ledger before the next. Resumes where the ledger says it stopped:
 * judged attempts are history, an unfinished one continues in place and reuses a stored answer.
 */
export async function runComponent(context: RunContext, component: PlanComponent): Promise<ComponentOutcome> {
  if (context.verdicts.get(component.id) === 'write-directly') return prepareForPerson(context, component);
  const row = componentRow(context, component);
  const attempts = context.resumed ? await loadAttempts(context.ledger, context.runId, row.id) : [];
  const judged = attempts.filter((attempt) => judgedAttemptStatuses.includes(attempt.status));
  const unfinished = attempts.find((attempt) => !judgedAttemptStatuses.includes(attempt.status));
  let previous: PreviousAttempt | undefined = judged.at(-1);
  // Read before the next attempt is recorded: an entry is open only until an attempt starts after it.
  const review = context.resumed ? await reviewOf(context, row.id) : { feedback: '', rejectedAt: undefined };
  // A rejection starts a new round: attempts judged before it do not count against --max-attempts.
  const rejectedAt = review.rejectedAt;
  const earlier = rejectedAt ? judged.filter((attempt) => attempt.startedAt <= rejectedAt).length : 0;
  const lastNumber = earlier + context.maxAttempts;

  for (let number = judged.length + 1; number <= lastNumber; number++) {
    if (context.signal.aborted) throw context.signal.reason;
    const existing = unfinished?.number === number ? unfinished : undefined;
    const attemptId = existing?.id ?? createId('att');
    const workspace = await context.workspaces.open({
      runId: context.runId,
      componentId: component.id,
      attempt: number,
      bases: previous?.commitSha ? [previous.commitSha] : await dependencyBases(context, component),
    });
    const conversation =
      existing?.parsedConversation ??
      (previous
        ? await conversationAfter(context, component, previous, review.feedback)
        : await firstConversation(context, component, workspace, review.feedback));
    const startedAt = context.now();
    const startEvents: BatonEvent[] = [];
    if (number === 1 && !existing)
      startEvents.push({
        type: 'component-start',
        at: startedAt,
        runId: context.runId,
        componentId: component.id,
      });
    startEvents.push({
      type: 'attempt-start',
      at: startedAt,
      runId: context.runId,
      componentId: component.id,
      attempt: number,
    });
    let response = existing ? await storedResponse(context.ledger, attemptId) : undefined;
    // The budget is checked before the attempt is announced, so a stopped run leaves no half-started call.
    if (!response) await context.beforeProviderCall();
    startEvents.push({
      type: 'attempt-step',
      at: startedAt,
      runId: context.runId,
      componentId: component.id,
      attempt: number,
      step: response ? 'response-reused' : 'provider-call',
    });
    await recordStep(context.ledger, startEvents, async (writer) => {
      const values = {
        status: 'running' as const,
        worktree: workspace.path,
        branch: workspace.branch,
        baseCommit: workspace.baseCommit,
        conversation: JSON.stringify(conversation),
      };
      if (existing) await writer.db.updateTable('attempts').set(values).where('id', '=', attemptId).execute();
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

    if (!response) {
      try {
        await context.provider.generate({
          system: conversation.system,
          messages: conversation.messages,
          temperature: 0,
          signal: context.signal,
          context: { runId: context.runId, componentId: row.id, attemptId },
        });
      } catch (error) {
        const cancelled = isCancellation(error, context.signal);
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
          await writer.db
            .updateTable('attempts')
            .set({ status: cancelled ? 'cancelled' : 'provider-error', endedAt: at })
            .where('id', '=', attemptId)
            .execute();
          await updateComponent(
            writer,
            row.id,
            cancelled ? { status: 'cancelled' } : { status: 'failed', statusReason: reason },
            at,
          );
        });
        await announce(context, events);
        if (cancelled) throw error;
        return 'failed';
      }
      // The provider's ledger recorder stored the answer before generate resolved.
      response = await storedResponse(context.ledger, attemptId);
      if (!response) {
        throw new BatonError({
          code: 'LEDGER_WRITE_FAILED',
          message: `The answer to attempt ${number} of "${component.id}" is not in the ledger.`,
          hint: 'The engine needs a provider wired with the ledger recorder (createProvidersFromConfig with the ledger).',
        });
      }
      await context.afterProviderCall(response.id);
    }

    const judgement = await judgeAnswer(
      context,
      component,
      { id: attemptId, number, resumed: existing !== undefined },
      workspace,
      response,
    );
    // Checks cut short by Ctrl-C prove nothing: the attempt stays unfinished and a resume judges it again.
    if (context.signal.aborted) throw context.signal.reason;
    const commitSha = await context.workspaces.commit(workspace, {
      subject: `${component.title} (attempt ${number}: ${judgement.outcome})`,
      trailers: {
        'Baton-Run': context.runId,
        'Baton-Component': component.id,
        'Baton-Attempt': String(number),
      },
    });
    const evidence = judgement.evidence ? { ...judgement.evidence, commitSha } : undefined;
    const at = context.now();
    const last = number === lastNumber;
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
    await recordStep(context.ledger, events, async (writer: LedgerWriter) => {
      await writer.insert('findings', findingRows(judgement.findings, context.runId, attemptId, at));
      await writer.db
        .updateTable('attempts')
        .set({
          status: judgement.outcome,
          endedAt: at,
          commitSha,
          evidence: evidence ? JSON.stringify(evidence) : null,
        })
        .where('id', '=', attemptId)
        .execute();
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
    await context.workspaces.release(workspace);
    if (done) return 'done';
    if (last) return 'escalated';
    previous = { id: attemptId, number, commitSha, parsedConversation: conversation };
  }
  // Attempts ran out before this resume (a lower --max-attempts): escalate with the last findings.
  const at = context.now();
  const lastFindings = previous ? await attemptFindings(context.ledger, previous.id) : [];
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
  return 'escalated';
}
