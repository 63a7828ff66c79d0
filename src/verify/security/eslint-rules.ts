import type { Linter } from 'eslint';
import { pinCompilerInstance } from '../compiler-instance.js';

/** How an ESLint rule's message becomes a Baton finding: our rule id, and a CWE where the rule has one. */
interface EslintMapping {
  ruleId: string;
  cwe?: string;
}

/**
 * The ESLint rules that add coverage beyond Baton's own: patterns that need no data flow (a regular
 * expression that backtracks, an XML parser with entities on, cookie flags). Trojan-source
 * characters are found by the security check itself, in a scan of the text far cheaper than the rule.
 * Rules that flag every non-literal (no-unsanitized, detect-child-process, detect-object-injection,
 * sonarjs os-command and sql-queries) are left out: the taint analysis answers those with a path.
 * security/detect-unsafe-regex is left out too: its star-height test flags linear patterns such as
 * slugs (`^[a-z0-9]+(?:-[a-z0-9]+)*$`); sonarjs/slow-regex judges backtracking properly, and the
 * pipeline drops its finding where performance/regex-backtracking reports the same regex.
 */
export const eslintRuleMap = {
  'sonarjs/slow-regex': { ruleId: 'security/unsafe-regex', cwe: 'CWE-1333' },
  'security/detect-pseudoRandomBytes': { ruleId: 'security/insecure-randomness', cwe: 'CWE-338' },
  'security/detect-disable-mustache-escape': { ruleId: 'security/disabled-escaping', cwe: 'CWE-79' },
  'sonarjs/disabled-auto-escaping': { ruleId: 'security/disabled-escaping', cwe: 'CWE-79' },
  'sonarjs/dompurify-unsafe-config': { ruleId: 'security/disabled-escaping', cwe: 'CWE-79' },
  'security/detect-no-csrf-before-method-override': { ruleId: 'security/csrf', cwe: 'CWE-352' },
  'sonarjs/no-hardcoded-passwords': { ruleId: 'security/hardcoded-secret', cwe: 'CWE-798' },
  'sonarjs/no-hardcoded-secrets': { ruleId: 'security/hardcoded-secret', cwe: 'CWE-798' },
  'sonarjs/insecure-cookie': { ruleId: 'security/insecure-cookie', cwe: 'CWE-614' },
  'sonarjs/cookie-no-httponly': { ruleId: 'security/cookie-without-httponly', cwe: 'CWE-1004' },
  'sonarjs/xml-parser-xxe': { ruleId: 'security/xxe', cwe: 'CWE-611' },
  'sonarjs/unverified-certificate': { ruleId: 'security/tls-verification-disabled', cwe: 'CWE-295' },
  'sonarjs/unverified-hostname': { ruleId: 'security/tls-verification-disabled', cwe: 'CWE-297' },
  'sonarjs/weak-ssl': { ruleId: 'security/weak-tls', cwe: 'CWE-326' },
  'sonarjs/no-weak-cipher': { ruleId: 'security/weak-cipher', cwe: 'CWE-327' },
  'sonarjs/encryption-secure-mode': { ruleId: 'security/weak-cipher', cwe: 'CWE-327' },
  'sonarjs/no-weak-keys': { ruleId: 'security/small-key', cwe: 'CWE-326' },
  'sonarjs/insecure-jwt-token': { ruleId: 'security/jwt-unverified', cwe: 'CWE-347' },
  'sonarjs/publicly-writable-directories': { ruleId: 'security/insecure-temp-file', cwe: 'CWE-377' },
} as const satisfies Record<string, EslintMapping>;

/** The id of a kept ESLint rule: each has a trigger in `eslint-triggers.ts`, which the type checker holds to this list. */
export type EslintRuleName = keyof typeof eslintRuleMap;

const mappings: Readonly<Record<string, EslintMapping | undefined>> = eslintRuleMap;

/** A message of one of the mapped ESLint rules. */
export interface EslintProblem {
  eslintRule: string;
  ruleId: string;
  cwe: string | undefined;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

interface LoadedLinter {
  linter: Linter;
  plugins: Record<string, unknown>;
  parser: unknown;
}

let loaded: Promise<LoadedLinter> | undefined;
const securityPluginName = 'eslint-plugin-security';

/** ESLint and the plugins load once per process, on first use: they take a few hundred milliseconds. */
function loadLinter(): Promise<LoadedLinter> {
  // The plugins read Baton's program, so they must load Baton's compiler, whatever the project hoisted.
  pinCompilerInstance();
  loaded ??= Promise.all([
    import('eslint'),
    import('typescript-eslint'),
    // The security plugin ships no types; its rules are only passed on to ESLint.
    import(securityPluginName) as Promise<{ default: unknown }>,
    import('eslint-plugin-sonarjs'),
  ]).then(([eslint, typescriptEslint, security, sonarjs]) => ({
    linter: new eslint.Linter({ configType: 'flat', cwd: '/' }),
    plugins: { security: security.default, sonarjs: sonarjs.default },
    parser: typescriptEslint.default.parser,
  }));
  return loaded;
}

function configFor(
  loadedLinter: LoadedLinter,
  fileName: string,
  rules: readonly EslintRuleName[],
): Linter.Config[] {
  const parserOptions = { ecmaFeatures: { jsx: /\.(t|j)sx$/.test(fileName) } };
  return [
    {
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      languageOptions: {
        parser: loadedLinter.parser as Linter.Parser,
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions,
      },
      plugins: loadedLinter.plugins as Linter.Config['plugins'],
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules: Object.fromEntries(rules.map((rule) => [rule, 'error'])),
    },
  ];
}

/**
 * Runs the mapped rules of eslint-plugin-security and eslint-plugin-sonarjs (all of them, or the
 * ones given) on one file, parsed alone: without type information, which the rules' triggers assume.
 */
export async function lintFile(
  fileName: string,
  text: string,
  rules: readonly EslintRuleName[] = Object.keys(eslintRuleMap) as EslintRuleName[],
): Promise<EslintProblem[]> {
  const loadedLinter = await loadLinter();
  const messages = loadedLinter.linter.verify(text, configFor(loadedLinter, fileName, rules), {
    filename: fileName,
  });
  const problems: EslintProblem[] = [];
  for (const message of messages) {
    const mapping = message.ruleId ? mappings[message.ruleId] : undefined;
    if (!mapping || !message.ruleId) continue;
    problems.push({
      eslintRule: message.ruleId,
      ruleId: mapping.ruleId,
      cwe: mapping.cwe,
      line: message.line,
      column: message.column,
      endLine: message.endLine ?? message.line,
      endColumn: message.endColumn ?? message.column,
      message: message.message,
    });
  }
  return problems;
}
