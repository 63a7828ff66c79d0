import { createHash } from 'node:crypto';
import type { Finding } from '../verify/finding.js';

/** GitLab's severities, from its Code Quality report format. */
const severities: Readonly<Record<Finding['severity'], string>> = {
  error: 'major',
  warning: 'minor',
  note: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

/**
 * Findings as a GitLab Code Quality report (the `artifacts:reports:codequality` file). The
 * fingerprint leaves the line out, so a finding keeps its identity when code above it moves; the
 * same finding twice in a file is told apart by its order.
 */
export function toGitlabCodeQuality(findings: readonly Finding[]): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = `${finding.ruleId}\0${finding.file}\0${finding.message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const { startLine, endLine } = finding.range;
    return {
      description: finding.hint ? `${finding.message} (hint: ${finding.hint})` : finding.message,
      check_name: finding.ruleId,
      fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32),
      severity: severities[finding.severity],
      // GitLab reads paths relative to the repository; a project-wide finding points at its root.
      location: {
        path: finding.file === '.' ? '.' : finding.file,
        lines: endLine > startLine ? { begin: startLine, end: endLine } : { begin: startLine },
      },
    };
  });
}

export function formatGitlabCodeQuality(findings: readonly Finding[]): string {
  return `${JSON.stringify(toGitlabCodeQuality(findings), null, 2)}\n`;
}
