// The audit's vocabulary: the article's mistakes, severities, and the shape of a finding.

/** The article's five common mistakes. */
export const mistakes = {
  'trusting-ai-completely': 'Trusting AI completely: subtle bugs reach production',
  'poor-prompting': 'Poor prompting: more revision time negates speed gains',
  'skipping-verification': 'Skipping verification: AI errors compound',
  'orchestrating-everything': 'Orchestrating everything: some code is faster to write directly',
  'not-documenting-prompts': 'Not documenting prompts: knowledge is not captured',
} as const;
export type MistakeId = keyof typeof mistakes;

export const auditSeverities = ['note', 'warning', 'error'] as const;
export type AuditSeverity = (typeof auditSeverities)[number];

/** One place the team made one of the mistakes, with the rows that show it. */
export interface AuditFinding {
  mistake: MistakeId;
  rule: string;
  severity: AuditSeverity;
  message: string;
  /** Component keys. */
  components: string[];
  people: string[];
  /** Ledger rows behind the finding, as `table:id`. */
  rows: string[];
  /** When it happened, for the findings-over-time page. */
  at: string;
}

export interface AuditReport {
  generatedAt: string;
  scope: { runId?: string; since?: string };
  findings: AuditFinding[];
  counts: Record<MistakeId, number>;
}

/** Whether any finding reaches the severity `--fail-on` names. */
export function auditFails(report: AuditReport, failOn: AuditSeverity | 'none'): boolean {
  if (failOn === 'none') return false;
  const threshold = auditSeverities.indexOf(failOn);
  return report.findings.some((finding) => auditSeverities.indexOf(finding.severity) >= threshold);
}
