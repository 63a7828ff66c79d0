import type { Finding, SourceRange } from '../finding.js';
import { ruleDescriptions } from '../rules.js';

/** A finding of the SQL check, with the rule's default severity and CWE from the rule table. */
export function sqlFinding(
  ruleId: string,
  file: string,
  range: SourceRange,
  text: { message: string; hint: string; suggestion?: string },
): Finding {
  const rule = ruleDescriptions.find((description) => description.id === ruleId);
  const finding: Finding = {
    checkId: 'sql',
    ruleId,
    severity: rule?.defaultSeverity ?? 'warning',
    file,
    range,
    message: text.message,
    hint: text.hint,
  };
  if (text.suggestion) finding.suggestion = text.suggestion;
  if (rule?.cwe) finding.cwe = rule.cwe;
  return finding;
}
