import type { Severity } from './finding.js';

/** What a rule catches, for SARIF's rule table and `docs/verify.md`. */
export interface RuleDescription {
  id: string;
  description: string;
  defaultSeverity: Severity;
  cwe?: string;
  /**
   * What a finding of this rule states when it is not a plain defect in code: `failing-test` (a test
   * failed; two checks may report the same test) or `evidence` (proof that something holds).
   */
  states?: 'failing-test' | 'evidence';
}

/** Every rule the built-in checks report. */
export const ruleDescriptions: readonly RuleDescription[] = [
  {
    id: 'types/type-error',
    description: "A type error from the compiler, with the project's tsconfig.",
    defaultSeverity: 'error',
  },
  { id: 'types/syntax-error', description: 'The file does not parse.', defaultSeverity: 'error' },
  {
    id: 'types/unhandled-null',
    description: 'A value that may be null or undefined is used without handling that case.',
    defaultSeverity: 'error',
    cwe: 'CWE-476',
  },
  {
    id: 'types/config-error',
    description: 'tsconfig or compiler options are invalid.',
    defaultSeverity: 'error',
  },
  {
    id: 'api/unknown-package',
    description: 'An imported package is neither declared nor installed, and may not exist.',
    defaultSeverity: 'error',
    cwe: 'CWE-1357',
  },
  {
    id: 'api/nonexistent-package',
    description: 'An imported package or Node.js built-in does not exist.',
    defaultSeverity: 'error',
    cwe: 'CWE-1357',
  },
  {
    id: 'api/typosquat-package',
    description:
      'An imported package name is a small edit away from a declared or popular package: a typo or a look-alike squat.',
    defaultSeverity: 'error',
    cwe: 'CWE-1357',
  },
  {
    id: 'api/undeclared-package',
    description: 'An imported package is installed but not declared in package.json.',
    defaultSeverity: 'error',
  },
  {
    id: 'api/package-not-installed',
    description: 'An imported package is declared but not installed.',
    defaultSeverity: 'error',
  },
  {
    id: 'api/missing-module',
    description: 'An imported module path does not exist (a file, or a subpath of a package).',
    defaultSeverity: 'error',
  },
  {
    id: 'api/missing-export',
    description: 'An import names an export the module does not have.',
    defaultSeverity: 'error',
  },
  {
    id: 'api/missing-member',
    description: 'Code reads or calls a member that does not exist on an external API.',
    defaultSeverity: 'error',
  },
  {
    id: 'api/wrong-arity',
    description: 'An external API is called with a number of arguments no overload accepts.',
    defaultSeverity: 'error',
  },
  {
    id: 'api/deprecated',
    description: "Code uses a package's or Node.js API that its declarations mark @deprecated.",
    defaultSeverity: 'warning',
    cwe: 'CWE-477',
  },
  { id: 'tests/failed', description: 'A test failed.', defaultSeverity: 'error', states: 'failing-test' },
  {
    id: 'tests/timeout',
    description: 'The test run did not finish within its time limit.',
    defaultSeverity: 'error',
  },
  {
    id: 'tests/command-failed',
    description: 'The test command failed without a failing test to point at.',
    defaultSeverity: 'error',
  },
  {
    id: 'tests/could-not-run',
    description:
      'The tests could not start (a program, .env file, generated client or dependency is missing): the environment, not the code.',
    defaultSeverity: 'note',
  },
  {
    id: 'environment/generated-code-missing',
    description:
      'Code a declared generator writes (React Router typegen, the Prisma client, a codegen script) is missing; the findings that hinge on it are left out and counted here: the environment, not the code.',
    defaultSeverity: 'note',
  },
  {
    id: 'environment/dependencies-not-installed',
    description:
      "Declared dependencies are not installed; the findings that hinge on them are left out and counted here, with the install command for the project's package manager: the environment, not the code.",
    defaultSeverity: 'note',
  },
  {
    id: 'sandbox/unavailable',
    description:
      "The project's code was not run: the file-system sandbox (bubblewrap) is not available and unprotected runs were not allowed.",
    defaultSeverity: 'warning',
  },
  {
    id: 'sandbox/unprotected',
    description:
      "The project's code ran with weaker protection than the sandbox's (file system, network or memory not isolated).",
    defaultSeverity: 'note',
  },
  {
    id: 'sql/migration-failed',
    description:
      'A migration fails to apply on a fresh database of its dialect after the migrations before it.',
    defaultSeverity: 'error',
  },
  {
    id: 'sql/one-per-parent-needs-unique',
    description:
      'A table holding one row per parent (by the plan, an upsert or one-row read in the code, or its name) has no UNIQUE constraint on its parent column.',
    defaultSeverity: 'error',
  },
  {
    id: 'sql/foreign-key-without-index',
    description: 'A foreign key has no index starting with its columns.',
    defaultSeverity: 'warning',
  },
  {
    id: 'sql/nullable-foreign-key',
    description: 'A foreign key column allows NULL.',
    defaultSeverity: 'warning',
  },
  {
    id: 'sql/foreign-key-without-on-delete',
    description: 'A foreign key states no ON DELETE behaviour.',
    defaultSeverity: 'warning',
  },
  {
    id: 'sql/timestamp-without-time-zone',
    description: 'A column is timestamp without time zone where timestamptz is meant.',
    defaultSeverity: 'warning',
  },
  {
    id: 'sql/json-instead-of-jsonb',
    description: 'A column is json where jsonb serves.',
    defaultSeverity: 'warning',
  },
  {
    id: 'sql/updated-at-without-trigger',
    description: 'An updated_at column has no trigger that maintains it.',
    defaultSeverity: 'warning',
  },
  {
    id: 'sql/index-without-concurrently',
    description:
      'An index is created on an existing table without CONCURRENTLY, blocking writes while it builds.',
    defaultSeverity: 'warning',
  },
  {
    id: 'sql/not-null-without-default',
    description: 'A NOT NULL column with no DEFAULT is added to an existing table.',
    defaultSeverity: 'error',
  },
  {
    id: 'sql/migrations-not-replayed',
    description:
      'Migrations were not replayed: written for a database other than PostgreSQL or SQLite, or built in code by a schema builder.',
    defaultSeverity: 'note',
  },
  {
    id: 'sql/destructive-drop',
    description: 'A migration drops a table or column that an earlier migration created.',
    defaultSeverity: 'warning',
  },
  {
    id: 'performance/query-in-loop',
    description: 'A database query or HTTP request is sent once per element of a loop (N+1).',
    defaultSeverity: 'warning',
    cwe: 'CWE-1050',
  },
  {
    id: 'performance/await-in-loop',
    description: 'An await inside a loop makes independent passes wait for each other.',
    defaultSeverity: 'warning',
    cwe: 'CWE-1050',
  },
  {
    id: 'performance/nested-loop',
    description:
      'A loop or linear search (find, includes, indexOf) over a collection inside a loop over the same collection: quadratic.',
    defaultSeverity: 'warning',
    cwe: 'CWE-407',
  },
  {
    id: 'performance/sync-in-handler',
    description:
      'A synchronous file-system, crypto, process or compression call inside a request handler blocks every request.',
    defaultSeverity: 'warning',
  },
  {
    id: 'performance/string-concat-in-loop',
    description: 'A string is built by repeated += inside a loop.',
    defaultSeverity: 'note',
    cwe: 'CWE-1046',
  },
  {
    id: 'performance/regex-backtracking',
    description: 'A regular expression backtracks catastrophically on a crafted input (ReDoS).',
    defaultSeverity: 'error',
    cwe: 'CWE-1333',
  },
  {
    id: 'performance/over-budget',
    description:
      "A benchmark's median time exceeds its budget, as a ratio of its baseline's in the same run.",
    defaultSeverity: 'error',
    cwe: 'CWE-407',
  },
  {
    id: 'performance/benchmark-failed',
    description: 'A benchmark or its baseline command failed or timed out.',
    defaultSeverity: 'error',
  },
  {
    id: 'performance/could-not-run',
    description:
      'A benchmark could not start (a missing program or dependency, a module in the wrong format).',
    defaultSeverity: 'note',
  },
  {
    id: 'security/sql-injection',
    description:
      'Outside data reaches SQL text (string concatenation or a template instead of query parameters).',
    defaultSeverity: 'error',
    cwe: 'CWE-89',
  },
  {
    id: 'security/command-injection',
    description: 'Outside data reaches a shell command (exec, or spawn/execFile with a shell).',
    defaultSeverity: 'error',
    cwe: 'CWE-78',
  },
  {
    id: 'security/path-traversal',
    description:
      'Outside data reaches a file path without a resolve-then-prefix check, so ../ can leave the folder.',
    defaultSeverity: 'error',
    cwe: 'CWE-22',
  },
  {
    id: 'security/xss',
    description:
      'Outside data reaches HTML (res.send, c.html, ctx.body, innerHTML, document.write) unescaped.',
    defaultSeverity: 'error',
    cwe: 'CWE-79',
  },
  {
    id: 'security/open-redirect',
    description: 'Outside data decides where a redirect goes.',
    defaultSeverity: 'error',
    cwe: 'CWE-601',
  },
  {
    id: 'security/code-injection',
    description: 'Outside data reaches eval, Function, vm or a string timer.',
    defaultSeverity: 'error',
    cwe: 'CWE-95',
  },
  {
    id: 'security/unsafe-deserialization',
    description:
      'Outside data reaches a deserialiser that can run code (node-serialize, unsafe YAML schemas, v8.deserialize).',
    defaultSeverity: 'error',
    cwe: 'CWE-502',
  },
  {
    id: 'security/ssrf',
    description: 'Outside data decides the host of an outgoing request (fetch, axios, http.get).',
    defaultSeverity: 'error',
    cwe: 'CWE-918',
  },
  {
    id: 'security/regex-injection',
    description:
      'A regular expression is built from outside data, which can make it backtrack for ever (ReDoS).',
    defaultSeverity: 'error',
    cwe: 'CWE-1333',
  },
  {
    id: 'security/xpath-injection',
    description: 'Outside data is spliced into an XPath expression.',
    defaultSeverity: 'error',
    cwe: 'CWE-643',
  },
  {
    id: 'security/ldap-injection',
    description: 'Outside data is spliced into an LDAP filter or DN.',
    defaultSeverity: 'error',
    cwe: 'CWE-90',
  },
  {
    id: 'security/nosql-injection',
    description: 'Outside data reaches a NoSQL query as an object (operator injection) or in $where.',
    defaultSeverity: 'error',
    cwe: 'CWE-943',
  },
  {
    id: 'security/log-injection',
    description: 'Request data is written into a log line with its line breaks.',
    defaultSeverity: 'warning',
    cwe: 'CWE-117',
  },
  {
    id: 'security/header-injection',
    description: 'Request data is written into a response header.',
    defaultSeverity: 'warning',
    cwe: 'CWE-113',
  },
  {
    id: 'security/prototype-pollution',
    description:
      "A property is written on an object looked up by a request key, which '__proto__' turns into Object.prototype.",
    defaultSeverity: 'error',
    cwe: 'CWE-1321',
  },
  {
    id: 'security/weak-hash',
    description: 'MD5 or SHA-1 (or older) is used for passwords, tokens or signatures.',
    defaultSeverity: 'error',
    cwe: 'CWE-328',
  },
  {
    id: 'security/weak-password-hash',
    description: 'A password is hashed with a single fast digest instead of scrypt, argon2 or bcrypt.',
    defaultSeverity: 'error',
    cwe: 'CWE-916',
  },
  {
    id: 'security/weak-cipher',
    description: 'A weak cipher or mode: DES, 3DES, RC4, Blowfish, ECB, or createCipher without an IV.',
    defaultSeverity: 'error',
    cwe: 'CWE-327',
  },
  {
    id: 'security/small-key',
    description: 'An RSA, DSA or Diffie-Hellman key smaller than 2048 bits.',
    defaultSeverity: 'error',
    cwe: 'CWE-326',
  },
  {
    id: 'security/static-iv-or-salt',
    description: 'An IV or salt fixed in the source (a literal, a constant buffer, zeros).',
    defaultSeverity: 'error',
    cwe: 'CWE-329',
  },
  {
    id: 'security/insecure-randomness',
    description: 'Math.random (or pseudoRandomBytes) makes a token, session id, password or key.',
    defaultSeverity: 'error',
    cwe: 'CWE-338',
  },
  {
    id: 'security/jwt-unverified',
    description: 'A JWT is decoded without verifying its signature, or the "none" algorithm is accepted.',
    defaultSeverity: 'error',
    cwe: 'CWE-347',
  },
  {
    id: 'security/tls-verification-disabled',
    description:
      'TLS certificate or hostname checks are turned off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0).',
    defaultSeverity: 'error',
    cwe: 'CWE-295',
  },
  {
    id: 'security/permissive-cors',
    description: 'CORS admits every origin (or echoes it) while allowing credentials.',
    defaultSeverity: 'error',
    cwe: 'CWE-942',
  },
  {
    id: 'security/analysis-incomplete',
    description:
      'The taint analysis skipped a file (does not parse, minified, a generated bundle, too large) or stopped a function at its step budget.',
    defaultSeverity: 'note',
  },
  {
    id: 'security/hardcoded-secret',
    description:
      'A secret is written in the source: a cloud key, token, private key, password or connection string.',
    defaultSeverity: 'error',
    cwe: 'CWE-798',
  },
  {
    id: 'security/world-writable-file',
    description: 'A file or folder is created or changed with a mode every user can write (0o777, 0o666).',
    defaultSeverity: 'warning',
    cwe: 'CWE-732',
  },
  {
    id: 'security/unsafe-regex',
    description: 'A regular expression that can backtrack exponentially (ESLint security and sonarjs).',
    defaultSeverity: 'warning',
    cwe: 'CWE-1333',
  },
  {
    id: 'security/trojan-source',
    description: 'Unicode bidirectional control characters that make code read differently from how it runs.',
    defaultSeverity: 'error',
    cwe: 'CWE-451',
  },
  {
    id: 'security/disabled-escaping',
    description: 'Template auto-escaping or DOMPurify safety is turned off.',
    defaultSeverity: 'error',
    cwe: 'CWE-79',
  },
  {
    id: 'security/csrf',
    description: 'CSRF protection is missing or bypassed by method override.',
    defaultSeverity: 'warning',
    cwe: 'CWE-352',
  },
  {
    id: 'security/insecure-cookie',
    description: 'A cookie is sent without the Secure flag.',
    defaultSeverity: 'warning',
    cwe: 'CWE-614',
  },
  {
    id: 'security/cookie-without-httponly',
    description: 'A cookie is readable by scripts (no HttpOnly flag).',
    defaultSeverity: 'warning',
    cwe: 'CWE-1004',
  },
  {
    id: 'security/xxe',
    description: 'An XML parser resolves external entities.',
    defaultSeverity: 'error',
    cwe: 'CWE-611',
  },
  {
    id: 'security/weak-tls',
    description: 'A TLS version or cipher suite that is no longer safe.',
    defaultSeverity: 'error',
    cwe: 'CWE-326',
  },
  {
    id: 'security/insecure-temp-file',
    description: 'A file in a publicly writable folder such as /tmp with a predictable name.',
    defaultSeverity: 'warning',
    cwe: 'CWE-377',
  },
  {
    id: 'edge-cases/untraced',
    description:
      'An edge case of the verified plan component is not traced to any test (or names a test that does not exist).',
    defaultSeverity: 'error',
  },
  {
    id: 'edge-cases/test-failed',
    description: 'The test an edge case is traced to fails, is skipped or did not run.',
    defaultSeverity: 'error',
    states: 'failing-test',
  },
  {
    id: 'edge-cases/traced',
    description: 'An edge case is covered by a passing test; the note names the test and how it was matched.',
    defaultSeverity: 'note',
    states: 'evidence',
  },
  {
    id: 'edge-cases/tests-not-run',
    description: 'Tests covering the edge cases were found, but the project has no test command to run them.',
    defaultSeverity: 'warning',
  },
  {
    id: 'edge-cases/fuzz-crash',
    description:
      'An exported function throws a TypeError, RangeError, ReferenceError, SyntaxError or URIError on a generated input (empty, null, huge, unicode).',
    defaultSeverity: 'error',
    cwe: 'CWE-20',
  },
  {
    id: 'edge-cases/fuzz-timeout',
    description: 'An exported function does not return on a generated input.',
    defaultSeverity: 'error',
    cwe: 'CWE-835',
  },
  {
    id: 'edge-cases/fuzz-failed',
    description: 'Fuzzing stopped: a function ended the process or exhausted its memory.',
    defaultSeverity: 'error',
    cwe: 'CWE-400',
  },
  {
    id: 'edge-cases/could-not-run',
    description:
      'The fuzzer could not load a module (CommonJS against ES modules, a missing dependency or generated client): the environment, not the code.',
    defaultSeverity: 'note',
  },
  {
    id: 'verify/binary-file',
    description: 'A file with a source extension holds binary content.',
    defaultSeverity: 'error',
  },
  {
    id: 'verify/unsupported-file',
    description: 'A named file is not a TypeScript or JavaScript source.',
    defaultSeverity: 'warning',
  },
  { id: 'verify/check-failed', description: 'A check could not run.', defaultSeverity: 'error' },
];

/** The description of a rule id, including ids of checks Baton does not ship (plugins). */
export function describeRule(id: string): RuleDescription {
  return ruleDescriptions.find((rule) => rule.id === id) ?? { id, description: id, defaultSeverity: 'error' };
}
