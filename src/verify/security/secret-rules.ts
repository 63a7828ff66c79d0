import type { lintSource } from '@secretlint/core';

type SecretlintConfig = Parameters<typeof lintSource>[0]['options']['config'];

/** A secret secretlint found, with its position (1-based line, 1-based column). */
export interface SecretProblem {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The secretlint rule, such as `@secretlint/secretlint-rule-github`. */
  rule: string;
  message: string;
  /** A connection string whose server is this machine (localhost, 127.0.0.1, ::1): a throwaway local server's login. */
  loopback: boolean;
}

/** The host part of a URL-shaped connection string, when it is the loopback interface. */
const loopbackHost = /@(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?([/?#"'`\s]|$)/i;

function textAt(
  content: string,
  start: { line: number; column: number },
  end: { line: number; column: number },
): string {
  const lines = content.split('\n').slice(start.line - 1, end.line);
  if (lines.length === 0) return '';
  lines[lines.length - 1] = (lines[lines.length - 1] ?? '').slice(0, end.column);
  lines[0] = (lines[0] ?? '').slice(start.column);
  return lines.join('\n');
}

let loaded: Promise<{ lint: typeof lintSource; config: SecretlintConfig }> | undefined;

/** secretlint and its recommended preset load once, on first use. */
function loadSecretlint() {
  loaded ??= Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
  ]).then(([core, preset]) => ({
    lint: core.lintSource,
    config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] },
  }));
  return loaded;
}

/** Hard-coded secrets (cloud keys, tokens, private keys, connection strings) by secretlint's recommended rules. */
export async function findSecrets(fileName: string, content: string): Promise<SecretProblem[]> {
  const { lint, config } = await loadSecretlint();
  const result = await lint({
    source: { content, filePath: fileName, contentType: 'text' },
    options: { config, maskSecrets: true },
  });
  return result.messages.map((message) => ({
    line: message.loc.start.line,
    column: message.loc.start.column + 1,
    endLine: message.loc.end.line,
    endColumn: message.loc.end.column + 1,
    rule: message.ruleId,
    message: message.message,
    loopback:
      /connection-string/.test(message.ruleId) &&
      loopbackHost.test(textAt(content, message.loc.start, message.loc.end)),
  }));
}
