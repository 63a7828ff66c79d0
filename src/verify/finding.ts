/** How much a finding matters; `--fail-on` compares against this order. */
export const severities = ['error', 'warning', 'note'] as const;
export type Severity = (typeof severities)[number];

/** The threshold `--fail-on` accepts: a severity, or `none` to never fail on findings. */
export type FailOn = Severity | 'none';

/** A 1-based, inclusive-start, exclusive-end span in a file, the way editors and SARIF count. */
export interface SourceRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** One problem a check found, pointing at a file and a span in it. */
export interface Finding {
  /** The check that produced it, such as `api` or `types`. */
  checkId: string;
  /** A stable rule id, such as `api/missing-export`; CI filters and suppressions match on it. */
  ruleId: string;
  severity: Severity;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  range: SourceRange;
  message: string;
  /** How to fix it, addressed to the person or the model that wrote the code. */
  hint?: string;
  /** The replacement the hint proposes ("did you mean …"), when there is exactly one. */
  suggestion?: string;
  /** The package and version the code was checked against, such as `zod@4.6.7`. */
  checkedAgainst?: string;
  /** A CWE id such as `CWE-78`, for security rules. */
  cwe?: string;
  /** The compiler's diagnostic code, for findings that come from the TypeScript compiler. */
  tsCode?: number;
}

const rank: Readonly<Record<Severity, number>> = { error: 3, warning: 2, note: 1 };

/** Whether a finding of `severity` makes the gate fail at threshold `failOn`. */
export function reachesThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && rank[severity] >= rank[failOn];
}

/** Orders findings by file, then position, then rule, so output is stable between runs. */
export function compareFindings(left: Finding, right: Finding): number {
  return (
    left.file.localeCompare(right.file) ||
    left.range.startLine - right.range.startLine ||
    left.range.startColumn - right.range.startColumn ||
    left.ruleId.localeCompare(right.ruleId)
  );
}

/** A range covering a whole line, for findings that cannot point more precisely. */
export function lineRange(line: number, column = 1): SourceRange {
  return { startLine: line, startColumn: column, endLine: line, endColumn: column };
}
