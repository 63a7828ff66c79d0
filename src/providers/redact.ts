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

/** What a redacted secret is replaced with, in the ledger, logs and prompts. */
export const redactionMarker = '[redacted]';

// The password of a URL with credentials, such as `postgres://user:pass@host/db`.
const urlCredentialsPattern = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/'"`]*:)([^\s@/'"`]+)(@)/gi;

function entropyPerCharacter(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    entropy -= share * Math.log2(share);
  }
  return entropy;
}

/**
 * Whether a value looks like a generated credential rather than a setting: long, one token, a mix
 * of letters and digits with high entropy (or a long hex string). `production`, `3000`,
 * `localhost` and `info` are not.
 */
export function isCredentialShaped(value: string): boolean {
  if (!/^[A-Za-z0-9_\-+/=.~]+$/.test(value)) return false;
  if (/^[0-9a-f]{32,}$/i.test(value)) return true;
  if (value.length < 20 || !/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((pattern) => pattern.test(value)).length;
  return classes >= 3 && entropyPerCharacter(value) >= 3.5;
}

/** The password inside a URL with credentials, when the value is one. */
function urlPassword(value: string): string | undefined {
  urlCredentialsPattern.lastIndex = 0;
  const match = urlCredentialsPattern.exec(value);
  urlCredentialsPattern.lastIndex = 0;
  return match?.[2];
}

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

/**
 * The secrets among variables (from the environment or a `.env` file): values of secret-named
 * variables, passwords of URLs with credentials, and credential-shaped values whatever their name.
 * Ordinary settings such as `NODE_ENV=production` or `PORT=3000` are not secrets.
 */
export function secretValues(variables: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (!value) continue;
    if (isSecretVariableName(name) || isCredentialShaped(value)) secrets.push(value);
    const password = urlPassword(value);
    if (password) secrets.push(password);
  }
  return secrets;
}

/** The secret values of every `.env`-style file given (see `secretValues`). */
export function readEnvFileValues(paths: readonly string[]): string[] {
  return paths.flatMap((path) => secretValues(readEnvFile(path)));
}

/** Where a secret sits in a text: a known value, or a string shaped like a credential. */
export interface SecretMatch {
  /** Offsets in the text, end exclusive. */
  start: number;
  end: number;
  kind: 'known-value' | 'credential-shape';
}

export interface Redactor {
  /** The text with every secret replaced by `[redacted]`. */
  redact(text: string): string;
  /** Where the secrets in a text are, in order, without the values. */
  find(text: string): SecretMatch[];
}

/**
 * Builds the filter every text passes before it reaches the ledger or a log: known secret values
 * (API keys from config, secret-named environment variables, the secrets of `.env` files) are
 * replaced literally, and URL passwords, bearer tokens and common key shapes by pattern. It is for
 * what is stored or shown; code that is applied is never redacted.
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
  for (const [name, value] of Object.entries(input.env ?? {})) {
    if (!value) continue;
    if (isSecretVariableName(name)) add(value);
    add(urlPassword(value));
  }
  for (const value of readEnvFileValues(input.envFiles ?? [])) add(value);
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...literals].sort((left, right) => right.length - left.length);
  const patterns: readonly [RegExp, string][] = [
    [urlCredentialsPattern, `$1${redactionMarker}$3`],
    ...secretPatterns,
  ];
  return {
    redact(text) {
      let result = text;
      for (const literal of ordered) result = result.split(literal).join(redactionMarker);
      for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
      return result;
    },
    find(text) {
      const matches: SecretMatch[] = [];
      const overlaps = (start: number, end: number) =>
        matches.some((match) => start < match.end && match.start < end);
      for (const literal of ordered) {
        for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.length))
          if (!overlaps(at, at + literal.length))
            matches.push({ start: at, end: at + literal.length, kind: 'known-value' });
      }
      for (const [pattern] of patterns) {
        for (const match of text.matchAll(pattern)) {
          // The secret is what the replacement drops: the whole match but a kept prefix or suffix.
          const start = match.index;
          const end = start + match[0].length;
          if (!overlaps(start, end)) matches.push({ start, end, kind: 'credential-shape' });
        }
      }
      return matches.sort((left, right) => left.start - right.start);
    },
  };
}
