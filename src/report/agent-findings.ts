import { type FailOn, type Finding, reachesThreshold } from '../verify/finding.js';

/** How many findings an agent reads before the note on how to get the rest. */
export const agentFindingLimit = 30;

function where(finding: Finding): string {
  return finding.file === '.'
    ? '(project)'
    : `${finding.file}:${finding.range.startLine}:${finding.range.startColumn}`;
}

/**
 * Findings written for a model to act on: a verdict first, then blocking findings before the rest,
 * one line each with the fix, the version checked against, and nothing a model would re-read.
 */
export function formatAgentFindings(
  findings: readonly Finding[],
  options: { failOn: FailOn; limit?: number; rerun?: string },
): string {
  const limit = options.limit ?? agentFindingLimit;
  const blocking = findings.filter((finding) => reachesThreshold(finding.severity, options.failOn));
  const other = findings.filter((finding) => !reachesThreshold(finding.severity, options.failOn));
  const rerun = options.rerun ?? 'baton verify --changed HEAD --format agent';
  if (findings.length === 0) return 'PASSED: baton verify found nothing to fix.\n';
  const lines = [
    blocking.length > 0
      ? `FAILED: ${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'} (fail-on ${options.failOn}). Fix each one in the code, then run \`${rerun}\` again. Do not silence a check or delete a test to pass.`
      : `PASSED with ${other.length} non-blocking finding${other.length === 1 ? '' : 's'}; fix them if they are in code you changed.`,
  ];
  const ordered = [...blocking, ...other];
  for (const finding of ordered.slice(0, limit)) {
    const checked = finding.checkedAgainst ? ` (checked against ${finding.checkedAgainst})` : '';
    const mark = reachesThreshold(finding.severity, options.failOn) ? 'BLOCKING' : finding.severity;
    const [first, ...rest] = finding.message.split('\n');
    lines.push(`- ${where(finding)} ${mark} ${finding.ruleId}: ${first ?? ''}${checked}`);
    for (const line of rest.slice(0, 4)) lines.push(`    ${line}`);
    if (finding.hint) lines.push(`    fix: ${finding.hint}`);
  }
  if (ordered.length > limit) {
    lines.push(`… ${ordered.length - limit} more not shown; \`baton verify --format json\` lists them all.`);
  }
  return `${lines.join('\n')}\n`;
}
