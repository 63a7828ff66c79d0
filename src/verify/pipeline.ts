import { describeCause } from '../core/errors.js';
import type { Check, CheckContext } from './check.js';
import { compareFindings, type Finding } from './finding.js';
import { isVerifiableFile, toProjectPath } from './project.js';

/** How one check went in a run. */
export interface CheckRun {
  id: string;
  durationMs: number;
  findings: number;
  /** Source files a per-file check covered; absent for checks of the whole project (tests). */
  files?: number;
  /** Set when the check itself failed; the run reports it as a `verify/check-failed` finding. */
  error?: string;
  /** Set when the check ran on a thread of its own, with its own program, beside the others. */
  thread?: boolean;
}

export interface PipelineResult {
  findings: Finding[];
  runs: CheckRun[];
}

/** Compiler codes the API check explains in its own words; set by the caller to avoid saying it twice. */
export interface PipelineOptions {
  overlappingCompilerCodes?: ReadonlySet<number>;
  onCheckEnd?: (run: CheckRun) => void;
}

/**
 * Rules whose finding another check's rule already makes, in more detail, on the same line: the
 * performance check's own backtracking analysis names the ambiguous fragment of a ReDoS regex, so
 * sonarjs's slow-regex message (mapped by the security check) is kept only where it stands alone.
 */
const explainedBy: Readonly<Record<string, string>> = {
  'security/unsafe-regex': 'performance/regex-backtracking',
};

/**
 * Drops a compiler finding when an API finding already reports the same problem on the same line,
 * and a finding another check's rule explains on a line that rule's finding covers.
 */
function withoutDuplicates(findings: Finding[], overlapping: ReadonlySet<number>): Finding[] {
  const apiLines = new Set(
    findings
      .filter((finding) => finding.checkId === 'api')
      .map((finding) => `${finding.file}:${finding.range.startLine}`),
  );
  const owners = new Set(Object.values(explainedBy));
  const ownedLines = new Set<string>();
  for (const finding of findings) {
    if (!owners.has(finding.ruleId)) continue;
    for (let line = finding.range.startLine; line <= finding.range.endLine; line += 1)
      ownedLines.add(`${finding.ruleId}@${finding.file}:${line}`);
  }
  return findings.filter((finding) => {
    const owner = explainedBy[finding.ruleId];
    if (owner && ownedLines.has(`${owner}@${finding.file}:${finding.range.startLine}`)) return false;
    return !(
      finding.checkId === 'types' &&
      finding.tsCode !== undefined &&
      overlapping.has(finding.tsCode) &&
      apiLines.has(`${finding.file}:${finding.range.startLine}`)
    );
  });
}

/**
 * Runs checks side by side over one shared program. Checks that wait on other processes (the native
 * compiler, the test runner) overlap with the ones that use the checker in this process. A check that
 * throws becomes a finding, so one broken check never hides the others' results.
 */
export async function runChecks(
  checks: readonly Check[],
  context: CheckContext,
  options: PipelineOptions = {},
): Promise<PipelineResult> {
  const targets = new Set(context.targetFiles.map((file) => toProjectPath(context.project.root, file)));
  const runs: CheckRun[] = [];
  const results = await Promise.all(
    checks.map(async (check): Promise<Finding[]> => {
      const started = performance.now();
      let findings: Finding[];
      let error: string | undefined;
      const checkTargets = context.targetFiles.filter((file) => check.appliesTo(file));
      try {
        findings = await check.run({ ...context, targetFiles: checkTargets });
        // File checks speak only about the targets, and about files that are not sources (tsconfig).
        if (check.scope === 'file') {
          findings = findings.filter(
            (finding) => targets.has(finding.file) || !isVerifiableFile(finding.file),
          );
        }
      } catch (cause) {
        error = describeCause(cause);
        findings = [
          {
            checkId: check.id,
            ruleId: 'verify/check-failed',
            severity: 'error',
            file: '.',
            range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
            message: `The ${check.id} check failed to run: ${error}`,
            hint: 'Fix the cause above, or leave this check out with --checks; run with --debug for details.',
          },
        ];
      }
      const run: CheckRun = {
        id: check.id,
        durationMs: Math.round(performance.now() - started),
        findings: findings.length,
        ...(check.scope === 'file' ? { files: checkTargets.length } : {}),
      };
      if (error) run.error = error;
      runs.push(run);
      options.onCheckEnd?.(run);
      return findings;
    }),
  );
  const findings = withoutDuplicates(results.flat(), options.overlappingCompilerCodes ?? new Set()).sort(
    compareFindings,
  );
  runs.sort(
    (left, right) =>
      checks.findIndex((check) => check.id === left.id) - checks.findIndex((check) => check.id === right.id),
  );
  return { findings, runs };
}
