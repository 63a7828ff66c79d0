import type { PlanComponent } from '../plan/plan.js';
import { type FailOn, reachesThreshold, type Severity, severities } from '../verify/finding.js';

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

/** The rules that mean "this test failed": the test runner and the edge-case check both report one. */
const failingTestRules: ReadonlySet<string> = new Set(['tests/failed', 'edge-cases/test-failed']);

/** The check that runs the project's tests. */
const testRunnerCheckId = 'tests';

/** How many non-blocking findings are quoted as one-line examples. */
const exampleCount = 3;

/** Blocking findings shown in full before the rest is only counted, so a huge gate stays readable. */
const fullListLimit = 50;

function severityRank(severity: string): number {
  const index = (severities as readonly string[]).indexOf(severity);
  return index === -1 ? 0 : index;
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Most severe first, then by place, rule and message: the order never depends on ledger ids. */
function compareRepairFindings(left: RepairFinding, right: RepairFinding): number {
  return (
    severityRank(left.severity) - severityRank(right.severity) ||
    compareText(left.file ?? '', right.file ?? '') ||
    (left.line ?? 0) - (right.line ?? 0) ||
    (left.column ?? 0) - (right.column ?? 0) ||
    compareText(left.checkId, right.checkId) ||
    compareText(left.ruleId, right.ruleId) ||
    compareText(left.message, right.message)
  );
}

/** Whether the finding blocks at `failOn`; an unknown severity blocks, so nothing is buried by accident. */
function isBlocking(finding: RepairFinding, failOn: string): boolean {
  if (failOn === 'none') return false;
  if (!(severities as readonly string[]).includes(finding.severity)) return true;
  if (!(severities as readonly string[]).includes(failOn)) return true;
  return reachesThreshold(finding.severity as Severity, failOn as FailOn);
}

interface ShownFinding {
  finding: RepairFinding;
  /** Other checks that reported the same failing test, named once instead of repeated. */
  alsoReportedBy: string[];
}

/** One entry per failing test (by file:line), keeping the first in order and naming the other reporters. */
function mergeFailingTests(findings: readonly RepairFinding[]): ShownFinding[] {
  const shown: ShownFinding[] = [];
  const byTest = new Map<string, ShownFinding>();
  for (const finding of findings) {
    const key =
      failingTestRules.has(finding.ruleId) && finding.file
        ? `${finding.file}:${finding.line ?? 0}`
        : undefined;
    const earlier = key ? byTest.get(key) : undefined;
    if (earlier) {
      // The test runner's report carries the test's output, so it leads the merged entry.
      const [kept, folded] =
        finding.checkId === testRunnerCheckId && earlier.finding.checkId !== testRunnerCheckId
          ? [finding, earlier.finding]
          : [earlier.finding, finding];
      earlier.finding = kept;
      const reporter = `${folded.checkId} [${folded.ruleId}]`;
      if (!earlier.alsoReportedBy.includes(reporter)) earlier.alsoReportedBy.push(reporter);
      continue;
    }
    const entry: ShownFinding = { finding, alsoReportedBy: [] };
    if (key) byTest.set(key, entry);
    shown.push(entry);
  }
  return shown;
}

function renderInFull({ finding, alsoReportedBy }: ShownFinding): string {
  const also = alsoReportedBy.length > 0 ? `\n  also reported by: ${alsoReportedBy.join(', ')}` : '';
  const hint = finding.hint ? `\n  hint: ${finding.hint}` : '';
  return `- ${location(finding)} [${finding.ruleId}] ${finding.severity}: ${finding.message}${hint}${also}`;
}

function oneLine(text: string): string {
  const first = text.split('\n', 1)[0]?.trim() ?? '';
  const cut = first.length > 160 ? `${first.slice(0, 159)}…` : first;
  return text.includes('\n') && cut === first ? `${cut} …` : cut;
}

function plural(count: number, severity: string): string {
  return `${count} ${severity}${count === 1 ? '' : 's'}`;
}

/** Counts by check and severity, then a few one-line examples, most severe first. */
function renderSummary(findings: readonly RepairFinding[]): string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const finding of findings) {
    const bySeverity = counts.get(finding.checkId) ?? new Map<string, number>();
    bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
    counts.set(finding.checkId, bySeverity);
  }
  const lines = [...counts.keys()].sort(compareText).map((checkId) => {
    const bySeverity = counts.get(checkId) ?? new Map<string, number>();
    const parts = [...bySeverity.keys()]
      .sort((left, right) => severityRank(left) - severityRank(right) || compareText(left, right))
      .map((severity) => plural(bySeverity.get(severity) ?? 0, severity));
    return `- ${checkId}: ${parts.join(', ')}`;
  });
  for (const finding of findings.slice(0, exampleCount)) {
    lines.push(
      `- e.g. ${location(finding)} [${finding.ruleId}] ${finding.severity}: ${oneLine(finding.message)}`,
    );
  }
  return lines;
}

/**
 * The follow-up message after an attempt failed the gate: first every blocking finding (at or above
 * `failOn`) in full with its place, rule, message and hint (a failing test's output is in its
 * message; one reported by two checks appears once), then the rest only counted with a few examples.
 * Built only from what the ledger stores, in a fixed order, so a resumed run sends the same bytes.
 */
export function renderRepairPrompt(
  component: Pick<PlanComponent, 'id' | 'title'>,
  attempt: number,
  findings: readonly RepairFinding[],
  failOn = 'error',
): string {
  const sorted = [...findings].sort(compareRepairFindings);
  const blocking = mergeFailingTests(sorted.filter((finding) => isBlocking(finding, failOn)));
  const rest = sorted.filter((finding) => !isBlocking(finding, failOn));
  const opening = `Attempt ${attempt} at "${component.title}" (${component.id}) did not pass the verification gate.`;
  const closing =
    'Answer again with the corrected files in full (or SEARCH/REPLACE blocks against the files as they are now, with your previous changes applied).';
  const sections: string[] = [];
  if (blocking.length > 0) {
    const shown = blocking.slice(0, fullListLimit);
    const lines = shown.map(renderInFull);
    if (blocking.length > shown.length) lines.push(`- … and ${blocking.length - shown.length} more blocking`);
    sections.push(
      `${opening} Fix every blocking finding below (severity ${failOn} or worse):\n\n${lines.join('\n')}`,
    );
    if (rest.length > 0) {
      sections.push(
        `Also reported, not blocking (${rest.length}); fix these only where it is cheap and safe:\n\n${renderSummary(rest).join('\n')}`,
      );
    }
  } else {
    const everything = mergeFailingTests(sorted);
    const shown = everything.slice(0, fullListLimit);
    const lines = shown.map(renderInFull);
    if (everything.length > shown.length) lines.push(`- … and ${everything.length - shown.length} more`);
    sections.push(
      everything.length > 0
        ? `${opening} No finding reached the fail threshold (${failOn}); these are what the checks reported:\n\n${lines.join('\n')}`
        : `${opening} The checks reported no finding; make sure every required check can run on your changes.`,
    );
  }
  sections.push(closing);
  return sections.join('\n\n');
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
  failOn = 'error',
): string {
  const gate =
    findings.length > 0
      ? `\n\n${renderRepairPrompt(component, attempt, findings, failOn)}`
      : `\n\nAttempt ${attempt} at "${component.title}" (${component.id}) passed the verification gate, but a person did not accept it. Answer again with the corrected files in full (or SEARCH/REPLACE blocks against the files as they are now, with your previous changes applied).`;
  return `${feedback.trimEnd()}${gate}`;
}
