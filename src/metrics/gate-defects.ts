import type { MetricsData } from '../ledger/index.js';
import { type FailOn, reachesThreshold, type Severity, severities } from '../verify/finding.js';
import { ruleDescriptions } from '../verify/rules.js';

const ruleStates = new Map(ruleDescriptions.map((rule) => [rule.id, rule.states]));

/** One defect the gate caught, however many attempts and checks reported it. */
export interface GateDefect {
  componentId: string;
  checkId: string;
  ruleId: string;
  file: string | null;
  line: number | null;
  /** Findings behind it: repeats across attempts, and the same failing test from two checks. */
  reports: number;
}

/** The gate's threshold an attempt was judged against, stored in its evidence; `error` when unknown. */
function failOnOf(evidence: string | null | undefined): FailOn {
  if (!evidence) return 'error';
  try {
    const failOn = (JSON.parse(evidence) as { failOn?: unknown }).failOn;
    return failOn === 'none' || severities.includes(failOn as Severity) ? (failOn as FailOn) : 'error';
  } catch {
    return 'error';
  }
}

/** A message with its numbers masked and spacing folded, so "line 52" and "line 57" read alike. */
function normalisedMessage(message: string): string {
  return message.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * The distinct defects the gate caught per component. A finding is a defect when it blocked the
 * gate (its severity reached the attempt's `failOn`), it is not evidence, and it lies on a file the
 * component's own edits touched — except a failing test, which shows the component's behaviour is
 * wrong wherever the test lives.
 *
 * Identity: a repair moves code, so the same defect comes back on another line; its rule, its file
 * and its message (numbers masked) name what is wrong, so they are the key, not the line. A failing
 * test is keyed by the test's file and line instead, because the `tests` check and the edge-case
 * check word the same failure differently but point at the same test.
 */
export function gateDefects(data: MetricsData): GateDefect[] {
  const attempts = new Map(data.attempts.map((attempt) => [attempt.id, attempt]));
  const ownFiles = new Map<string, Set<string>>();
  for (const edit of data.edits) {
    const componentId = attempts.get(edit.attemptId)?.componentId;
    if (!componentId) continue;
    const files = ownFiles.get(componentId) ?? new Set<string>();
    files.add(edit.path);
    ownFiles.set(componentId, files);
  }
  const defects = new Map<string, GateDefect>();
  for (const finding of data.findings) {
    const attempt = finding.attemptId ? attempts.get(finding.attemptId) : undefined;
    if (!attempt) continue;
    const states = ruleStates.get(finding.ruleId);
    if (states === 'evidence') continue;
    const severity = severities.includes(finding.severity as Severity)
      ? (finding.severity as Severity)
      : 'note';
    if (!reachesThreshold(severity, failOnOf(attempt.evidence))) continue;
    const failingTest = states === 'failing-test';
    const owned = finding.file !== null && (ownFiles.get(attempt.componentId)?.has(finding.file) ?? false);
    if (!failingTest && !owned) continue;
    const key = failingTest
      ? [attempt.componentId, 'failing-test', finding.file, finding.line].join('\u0000')
      : [attempt.componentId, finding.ruleId, finding.file, normalisedMessage(finding.message)].join(
          '\u0000',
        );
    const known = defects.get(key);
    if (known) known.reports += 1;
    else
      defects.set(key, {
        componentId: attempt.componentId,
        checkId: finding.checkId,
        ruleId: finding.ruleId,
        file: finding.file,
        line: finding.line,
        reports: 1,
      });
  }
  return [...defects.values()];
}
