import type { PlanComponent } from '../plan/plan.js';

/** A finding as the ledger keeps it: what a repair prompt is built from, live or on resume. */
export interface RepairFinding {
  checkId: string;
  ruleId: string;
  severity: string;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  hint: string | null;
}

/** How the model is asked to answer, so that `parseEdits` can read every reply. */
export const answerFormatInstructions = `You write code changes for a repository. Answer with every file you create or change in full, each in a fenced code block whose info string names its path relative to the repository root, for example:

\`\`\`ts src/example.ts
export const example = 1;
\`\`\`

For a small change to a large file you may use a SEARCH/REPLACE block instead: the path on its own line, then <<<<<<< SEARCH, the exact current text, =======, the new text, >>>>>>> REPLACE. Do not answer with prose only.`;

function location(finding: RepairFinding): string {
  if (!finding.file || finding.file === '.') return '(project)';
  return `${finding.file}${finding.line ? `:${finding.line}${finding.column ? `:${finding.column}` : ''}` : ''}`;
}

/**
 * The follow-up message after an attempt failed the gate: every blocking finding with its place,
 * rule, message and hint (a failing test's output is in its message), and what to send back. Built
 * only from what the ledger stores, so a resumed run sends exactly the same text.
 */
export function renderRepairPrompt(
  component: Pick<PlanComponent, 'id' | 'title'>,
  attempt: number,
  findings: readonly RepairFinding[],
): string {
  const shown = findings.slice(0, 50);
  const lines = shown.map((finding) => {
    const hint = finding.hint ? `\n  hint: ${finding.hint}` : '';
    return `- ${location(finding)} [${finding.ruleId}] ${finding.severity}: ${finding.message}${hint}`;
  });
  if (findings.length > shown.length) lines.push(`- … and ${findings.length - shown.length} more`);
  return `Attempt ${attempt} at "${component.title}" (${component.id}) did not pass the verification gate. Fix every finding below:

${lines.join('\n')}

Answer again with the corrected files in full (or SEARCH/REPLACE blocks against the files as they are now, with your previous changes applied).`;
}

/**
 * The follow-up message after a person rejected an attempt: what they said (from
 * `renderReviewerFeedback`) and the findings, if the attempt had any; the reviewer's word comes
 * first because the gate had nothing more to say about a passing attempt.
 */
export function renderReviewedRepairPrompt(
  component: Pick<PlanComponent, 'id' | 'title'>,
  attempt: number,
  findings: readonly RepairFinding[],
  feedback: string,
): string {
  const gate =
    findings.length > 0
      ? `\n\n${renderRepairPrompt(component, attempt, findings)}`
      : `\n\nAttempt ${attempt} at "${component.title}" (${component.id}) passed the verification gate, but a person did not accept it. Answer again with the corrected files in full (or SEARCH/REPLACE blocks against the files as they are now, with your previous changes applied).`;
  return `${feedback.trimEnd()}${gate}`;
}
