import type { Finding } from '../finding.js';

/** The 1-based lines of a fixture source that end with `// <label>`: where a test expects (or forbids) a finding. */
export function marked(source: string, label: string): number[] {
  return source.split('\n').flatMap((line, index) => (line.endsWith(`// ${label}`) ? [index + 1] : []));
}

/** The lines, sorted and each once, where a report has findings in a file of one check (`security`) or rule (`security/xss`). */
export function reportedLines(findings: readonly Finding[], file: string, checkOrRule: string): number[] {
  const lines = findings
    .filter(
      (finding) =>
        finding.file === file && (finding.checkId === checkOrRule || finding.ruleId === checkOrRule),
    )
    .map((finding) => finding.range.startLine);
  return [...new Set(lines)].sort((left, right) => left - right);
}
