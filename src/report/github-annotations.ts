import type { Finding } from '../verify/finding.js';

const commands: Readonly<Record<Finding['severity'], string>> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/** A workflow command's message: `%`, CR and LF are escaped, as the runner unescapes them. */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value: the message escapes, plus `:` and `,` that delimit properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * Findings as GitHub Actions workflow commands (`::error file=…,line=…::message`), which the
 * runner turns into annotations on the pull request's diff; the hint follows the message.
 */
export function formatGithubAnnotations(findings: readonly Finding[]): string {
  const lines = findings.map((finding) => {
    const properties: string[] = [];
    if (finding.file !== '.') {
      const { startLine, startColumn, endLine, endColumn } = finding.range;
      properties.push(`file=${escapeProperty(finding.file)}`, `line=${startLine}`);
      if (endLine > startLine) properties.push(`endLine=${endLine}`);
      else if (endColumn > startColumn) properties.push(`col=${startColumn}`, `endColumn=${endColumn}`);
      else properties.push(`col=${startColumn}`);
    }
    properties.push(`title=${escapeProperty(`baton ${finding.ruleId}`)}`);
    const message = finding.hint ? `${finding.message}\nhint: ${finding.hint}` : finding.message;
    return `::${commands[finding.severity]} ${properties.join(',')}::${escapeData(message)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
