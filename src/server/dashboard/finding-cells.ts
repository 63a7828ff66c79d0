import type { LedgerRow } from '../../ledger/index.js';

type RecordedFinding = Pick<LedgerRow<'findings'>, 'checkId' | 'ruleId' | 'file' | 'line' | 'column'>;

/** The rule as its check names it: rule ids already start with their check (`api/unknown-package`). */
export function ruleLabel(finding: RecordedFinding): string {
  return finding.ruleId.startsWith(`${finding.checkId}/`)
    ? finding.ruleId
    : `${finding.checkId}/${finding.ruleId}`;
}

/** `file:line:column`, or nothing for a finding about the whole project (recorded at file `.`). */
export function findingLocation(finding: RecordedFinding): string {
  if (!finding.file || finding.file === '.') return '';
  return finding.line ? `${finding.file}:${finding.line}:${finding.column ?? 1}` : finding.file;
}
