import type { Redactor } from '../providers/redact.js';
import type { Finding } from '../verify/finding.js';

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * `security/hardcoded-secret` findings for the project's own secrets (keys from config, secret
 * `.env` values) and credential-shaped strings written into a component's files. The code keeps
 * what the model wrote; the finding is what stops it. Messages never hold the value.
 */
export function findHardcodedSecrets(
  files: readonly { path: string; content: string }[],
  secrets: Pick<Redactor, 'find'>,
): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    for (const match of secrets.find(file.content)) {
      const start = position(file.content, match.start);
      const end = position(file.content, match.end);
      findings.push({
        checkId: 'security',
        ruleId: 'security/hardcoded-secret',
        severity: 'error',
        file: file.path,
        range: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
        message:
          match.kind === 'known-value'
            ? 'A secret of this project (a key from the config, the environment or .env) is written in the file.'
            : 'A string shaped like a credential (an API key, token or a URL with a password) is written in the file.',
        hint: 'Read it from the environment (process.env) or a secret store instead, and rotate it if it was real.',
        cwe: 'CWE-798',
      });
    }
  }
  return findings;
}
