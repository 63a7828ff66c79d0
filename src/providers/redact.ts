import { existsSync, readFileSync } from 'node:fs';

// Names that usually hold credentials: FOO_KEY, API_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY…
const secretNamePattern =
  /(^|_)(KEY|KEYS|TOKEN|TOKENS|SECRET|SECRETS|PASSWORD|PASSWD|PASS|CREDENTIAL|CREDENTIALS|AUTH|PAT|PRIVATE|SESSION|COOKIE|APIKEY)(_|$)/i;

/** Whether a variable's name says it holds a secret. */
export function isSecretVariableName(name: string): boolean {
  return secretNamePattern.test(name) || /API_?KEY|SECRET|TOKEN|PASSWORD/i.test(name);
}

// Shapes of credentials that are recognisable without knowing the value.
const secretPatterns: readonly [RegExp, string][] = [
  // Not a value that is only lowercase words joined by hyphens (`Bearer ada-token` in a test): no
  // credential looks like that, and a test's fixture token must reach the worktree as written.
  [
    /\b(Bearer|Basic)\s+(?![a-z]+(?:-[a-z]+)*(?![A-Za-z0-9\-._~+/=]))[A-Za-z0-9\-._~+/]{8,}=*/g,
    '$1 [redacted]',
  ],
  [/\bsk-ant-[A-Za-z0-9_-]{8,}/g, '[redacted]'],
  [/\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}/g, '[redacted]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, '[redacted]'],
  [/\bAKIA[0-9A-Z]{16}\b/g, '[redacted]'],
  // A value after a secret-sounding name only when it is shaped like a credential (long, letters and
  // digits), so that code such as `token: string` or `Bearer ${token}` reaches the worktree intact.
  [
    /\b((?:x-)?api[_-]?key|authorization|password|passwd|secret|token)(["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b|\[redacted\])(?=[A-Za-z0-9\-._~+/]*\d)(?=[A-Za-z0-9\-._~+/]*[A-Za-z])[A-Za-z0-9\-._~+/]{12,}=*/gi,
    '$1$2[redacted]',
  ],
];

/** Values shorter than this are not redacted literally: they would blank ordinary words. */
export const minimumSecretLength = 6;

/** Reads `KEY=value` lines of a `.env` file (quotes and `export` allowed); a missing file is empty. */
export function readEnvFile(path: string): Record<string, string> {
  const entries: Record<string, string> = {};
  if (!existsSync(path)) return entries;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    const name = match?.[1];
    const raw = match?.[2]?.trim();
    if (!name || raw === undefined) continue;
    entries[name] = /^(["'])(.*)\1$/.exec(raw)?.[2] ?? raw.replace(/\s+#.*$/, '');
  }
  return entries;
}

/** The values of every `.env`-style file given; each one counts as a secret, whatever its name. */
export function readEnvFileValues(paths: readonly string[]): string[] {
  return paths.flatMap((path) => Object.values(readEnvFile(path)));
}

export interface Redactor {
  redact(text: string): string;
}

/**
 * Builds the filter every text passes before it reaches the ledger or a log: known secret values
 * (API keys from config, secret-named environment variables, every value in `.env` files) are replaced
 * literally, and bearer tokens and common key shapes by pattern.
 */
export function createRedactor(input: {
  secrets?: readonly (string | undefined)[];
  env?: Readonly<Record<string, string | undefined>>;
  envFiles?: readonly string[];
}): Redactor {
  const literals = new Set<string>();
  const add = (value: string | undefined) => {
    if (value && value.length >= minimumSecretLength) literals.add(value);
  };
  for (const secret of input.secrets ?? []) add(secret);
  for (const [name, value] of Object.entries(input.env ?? {})) if (isSecretVariableName(name)) add(value);
  for (const value of readEnvFileValues(input.envFiles ?? [])) add(value);
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...literals].sort((left, right) => right.length - left.length);
  return {
    redact(text) {
      let result = text;
      for (const literal of ordered) result = result.split(literal).join('[redacted]');
      for (const [pattern, replacement] of secretPatterns) result = result.replace(pattern, replacement);
      return result;
    },
  };
}
