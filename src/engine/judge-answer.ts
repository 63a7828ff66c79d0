import { join, relative } from 'node:path';
import { resolveBenchmarkBudget } from '../core/config/benchmark-settings.js';
import type { BatonEvent } from '../core/events.js';
import { createId } from '../core/ids.js';
import type { PlanComponent } from '../plan/plan.js';
import type { Finding } from '../verify/finding.js';
import { toVerifiedComponent } from '../verify/index.js';
import { applyEdits } from '../workspace/apply-edits.js';
import { parseEdits } from '../workspace/parse-edits.js';
import type { AttemptWorkspace } from './attempt-workspace.js';
import { differencesFromCommit } from './committed-edits.js';
import type { RepairFinding } from './repair-prompt.js';
import { requiredChecks } from './required-checks.js';
import { announce, type RunContext } from './run-context.js';
import { hasEdits, recordStep } from './run-ledger.js';
import type { AttemptEvidence } from './run-state.js';
import { createStableText } from './stable-text.js';

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

export interface AttemptJudgement {
  outcome: 'passed' | 'findings' | 'no-edits';
  findings: RepairFinding[];
  evidence: AttemptEvidence | undefined;
  responseId: string;
  /** The attempt's commit: exactly the answer's edits on the attempt's base. */
  commitSha: string;
}

/**
 * Reads the edits out of an answer as the model wrote it (never the redacted copy the ledger
 * keeps), applies them, commits them, proves the commit holds exactly what the edits produce, and
 * runs the component's gate on that commit. What reaches the ledger or a later prompt is redacted
 * and free of this machine's paths.
 */
export async function judgeAnswer(
  context: RunContext,
  component: PlanComponent,
  attempt: { id: string; number: number; resumed: boolean },
  workspace: AttemptWorkspace,
  response: { id: string; text: string },
): Promise<AttemptJudgement> {
  const stable = createStableText({ folders: [workspace.path, context.root], runId: context.runId });
  const shown = (text: string) => context.secrets.redact(stable(text));
  const told = (finding: RepairFinding): RepairFinding => ({
    ...finding,
    message: shown(finding.message),
    hint: finding.hint === null ? null : shown(finding.hint),
  });
  const commit = () =>
    context.workspaces.commit(workspace, {
      subject: `${component.title} (attempt ${attempt.number})`,
      trailers: {
        'Baton-Run': context.runId,
        'Baton-Component': component.id,
        'Baton-Attempt': String(attempt.number),
      },
    });
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
    return {
      outcome: 'no-edits',
      findings: editFindings.map(told),
      evidence: undefined,
      responseId: response.id,
      commitSha: await commit(),
    };
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
  const written = applied.success ? applied.value : [];
  const checks = requiredChecks({
    kind: component.kind,
    verdict,
    installed: available,
    touchedFiles: written.map((file) => join(workspace.path, file.path)),
    configured: context.verify.checks,
  });
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
  // Only an attempt continued by a resume can have this answer's edits recorded already.
  const alreadyRecorded = attempt.resumed && (await hasEdits(context.ledger, attempt.id, response.id));
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
          // The ledger keeps the edit redacted; the worktree got it as written.
          content: JSON.stringify(edit, (_key, value) =>
            typeof value === 'string' ? context.secrets.redact(value) : value,
          ),
          status: applied.success ? 'applied' : issue ? 'failed' : 'not-applied',
          error: issue ? shown(issue.message) : null,
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
    return {
      outcome: 'no-edits',
      findings: findings.map(told),
      evidence: undefined,
      responseId: response.id,
      commitSha: await commit(),
    };
  }

  const commitSha = await commit();
  const differences = await differencesFromCommit(context.workspaces, workspace, commitSha, written);
  if (differences.length > 0) {
    return {
      outcome: 'findings',
      findings: [...editFindings, ...differences].map(told),
      evidence: undefined,
      responseId: response.id,
      commitSha,
    };
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
    component: toVerifiedComponent(context.plan, component, context.planPath),
    benchmark: component.benchmark && resolveBenchmarkBudget(component.id, component.benchmark),
    signal: context.signal,
    touchedFiles: written.flatMap((file) =>
      file.content === undefined ? [] : [{ path: file.path, content: file.content }],
    ),
    secrets: context.secrets,
    onCheckEnd: (run) =>
      void context.events.emit({
        type: 'check-end',
        at: context.now(),
        runId: context.runId,
        componentId: component.id,
        ...run,
      }),
  });
  const findings = [...editFindings, ...gate.findings.map(toRepairFinding)].map(told);
  const excluded = checks.excluded.length > 0 ? { excludedChecks: checks.excluded } : {};
  return {
    outcome: gate.evidence.passed ? 'passed' : 'findings',
    findings,
    evidence: { ...gate.evidence, ...excluded, commitSha: undefined },
    responseId: response.id,
    commitSha,
  };
}
