import type { Finding } from '../verify/finding.js';
import type { VerifyReport } from '../verify/index.js';

/** Counts per severity, such as "2 errors, 1 warning". */
export function summarizeFindings(findings: readonly Finding[]): string {
  const count = (severity: Finding['severity']) =>
    findings.filter((finding) => finding.severity === severity).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('note'), 'note'],
  ] as const;
  const said = parts
    .filter(([value]) => value > 0)
    .map(([value, word]) => `${value} ${word}${value === 1 ? '' : 's'}`);
  return said.length > 0 ? said.join(', ') : 'no findings';
}

const engineNames = {
  native: 'native tsc',
  typescript: 'TypeScript API',
  incremental: 'incremental (warm)',
} as const;

/** Findings for a terminal: `file:line:col  severity  rule  message`, the hint below, then a summary. */
export function formatFindingsText(report: VerifyReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const where =
      finding.file === '.'
        ? '(project)'
        : `${finding.file}:${finding.range.startLine}:${finding.range.startColumn}`;
    const [first, ...rest] = finding.message.split('\n');
    lines.push(`${where}  ${finding.severity}  ${finding.ruleId}  ${first ?? ''}`);
    for (const line of rest) lines.push(`    ${line}`);
    if (finding.hint) lines.push(`    hint: ${finding.hint}`);
  }
  if (lines.length > 0) lines.push('');
  const timings = report.checks
    .map((run) =>
      run.files === undefined
        ? `${run.id} ${run.durationMs} ms`
        : `${run.id} ${run.files} file${run.files === 1 ? '' : 's'} ${run.durationMs} ms`,
    )
    .join(', ');
  const used = report.compiler;
  const origin = used?.standsInFor
    ? `bundled, for the project's ${used.standsInFor}`
    : used?.source === 'project'
      ? "project's"
      : 'bundled';
  const compiler = used
    ? `TypeScript ${used.version} (${origin}) via ${engineNames[report.engine]}`
    : engineNames[report.engine];
  for (const notice of report.notices ?? []) lines.push(`warning: ${notice}`);
  lines.push(
    `${summarizeFindings(report.findings)} in ${report.filesVerified} file${report.filesVerified === 1 ? '' : 's'} (${timings}; compiler: ${compiler}; ${report.durationMs} ms)`,
  );
  return `${lines.join('\n')}\n`;
}

/** The machine-readable report: stable keys, findings in a stable order. */
export function formatFindingsJson(report: VerifyReport): string {
  return `${JSON.stringify(
    {
      root: report.root,
      summary: summarizeFindings(report.findings),
      filesVerified: report.filesVerified,
      engine: report.engine,
      compiler: report.compiler,
      scope: report.scope,
      notices: report.notices,
      durationMs: report.durationMs,
      checks: report.checks,
      findings: report.findings,
    },
    null,
    2,
  )}\n`;
}
