import { createId } from '../core/ids.js';
import type { LedgerWriter } from '../ledger/ledger-store.js';
import type { NewLedgerRow } from '../ledger/schema.js';
import type { Finding } from './finding.js';
import type { VerifyReport } from './verify.js';

/** A finding as the ledger's `findings` table holds it. */
export function findingRow(
  finding: Finding,
  runId: string | null,
  attemptId: string | null,
  createdAt: string,
): NewLedgerRow<'findings'> {
  return {
    id: createId('fnd'),
    runId,
    attemptId,
    checkId: finding.checkId,
    ruleId: finding.ruleId,
    severity: finding.severity,
    file: finding.file,
    line: finding.range.startLine,
    column: finding.range.startColumn,
    endLine: finding.range.endLine,
    endColumn: finding.range.endColumn,
    message: finding.message,
    hint: finding.hint ?? null,
    cwe: finding.cwe ?? null,
    createdAt,
  };
}

export interface RecordReportContext {
  /** The run and attempt the gate judged; absent for a `baton verify` outside a run. */
  runId?: string;
  attemptId?: string;
  componentId?: string;
}

/** Writes a gate run's findings and one `check-end` event per check to the ledger, in one transaction. */
export async function recordVerifyReport(
  ledger: { transaction<Result>(work: (writer: LedgerWriter) => Promise<Result>): Promise<Result> },
  report: VerifyReport,
  context: RecordReportContext = {},
  now: Date = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await ledger.transaction(async (writer) => {
    await writer.insert(
      'findings',
      report.findings.map((finding) =>
        findingRow(finding, context.runId ?? null, context.attemptId ?? null, at),
      ),
    );
    await writer.appendEvents(
      report.checks.map((check) => ({
        type: 'check-end' as const,
        at,
        runId: context.runId,
        componentId: context.componentId,
        checkId: check.id,
        findings: check.findings,
        durationMs: check.durationMs,
      })),
    );
  });
}
