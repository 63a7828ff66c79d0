import type { EslintRuleName } from './eslint-rules.js';
import { scanLiterals } from './regex-literal-scan.js';

/**
 * A file's text as the triggers read it. `source` is the text as written; `searchable` adds, after
 * it, the text with its escapes decoded (`\u0070assword`, `\x70`, `\160`, a line continuation,
 * `&#112;` in JSX), since the rules compare the names and values those escapes spell.
 */
export interface TriggerText {
  source: string;
  searchable: string;
  jsx: boolean;
}

/** Whether a kept rule can report on a file at all: false only where it certainly cannot. */
type Trigger = (file: TriggerText) => boolean;

/**
 * `RegExp` called or constructed: directly, as `globalThis.RegExp`, optionally, or parenthesised,
 * with comments or type arguments between it and the arguments.
 */
const regexpCall = /RegExp(?:\s|\)|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*(?:\(|<|\?\.)/;
/** A `)` before `*`, `+` or `{`: a repeated group within one literal. */
const repeatedGroupInPiece = /\)[*+{]/;
/**
 * Where literals are joined into one pattern, one ending in `)` and another starting with a
 * quantifier (literals stand on lines of their own; uncertain code keeps its quotes).
 */
const groupEndingPiece = /\)[\n'"`/]/;
const quantifierStartingPiece = /[\n'"`][*+{]/;

/** The modules the `https.request`, `request.get`, `tls.connect` and `tls.createSecureContext` checks key on. */
const tlsModule = /https|tls|request/;

/**
 * One necessary condition per kept rule, read from the rule's implementation with its default
 * options, for linting without type information (as the security check's runner does). A module a
 * rule resolves calls through (`getFullyQualifiedName`) must be named by a string in the file; a
 * property or method it matches must be spelled in the file, as a name or a string. Names are
 * case-sensitive where the rule compares them exactly, case-insensitive where it does not.
 */
export const eslintTriggers = {
  // A regex literal with a repeated group (exponential backtracking needs one), or a `RegExp(…)`
  // call or construction whose pattern, built only from literals, can hold one; the string methods
  // that take a pattern are checked only with type information, which the runner never has.
  'sonarjs/slow-regex': (file) => {
    const literals = scanLiterals(file.source, file.jsx);
    if (literals.repeatedGroupRegex) return true;
    if (!regexpCall.test(file.searchable)) return false;
    const pieces = withDecodedEscapes(literals.literalText);
    return (
      repeatedGroupInPiece.test(pieces) ||
      (groupEndingPiece.test(pieces) && quantifierStartingPiece.test(pieces))
    );
  },
  // A member named `pseudoRandomBytes`.
  'security/detect-pseudoRandomBytes': (file) => file.searchable.includes('pseudoRandomBytes'),
  // An assignment of `false` to a member named `escapeMarkup`.
  'security/detect-disable-mustache-escape': (file) =>
    file.searchable.includes('escapeMarkup') && file.searchable.includes('false'),
  // Options of handlebars, marked, markdown-it, swig or kramed, or an assignment to `mustache.escape`.
  'sonarjs/disabled-auto-escaping': (file) =>
    (file.searchable.includes('handlebars') && file.searchable.includes('noEscape')) ||
    (/marked|kramed/.test(file.searchable) && file.searchable.includes('sanitize')) ||
    (file.searchable.includes('markdown-it') && file.searchable.includes('html')) ||
    (file.searchable.includes('swig') && file.searchable.includes('autoescape')) ||
    (/[Mm]ustache/.test(file.searchable) && file.searchable.includes('escape')),
  // `sanitize` of the dompurify or isomorphic-dompurify module.
  'sonarjs/dompurify-unsafe-config': (file) => file.searchable.includes('dompurify'),
  // Calls of `express.csrf()` and `express.methodOverride()`.
  'security/detect-no-csrf-before-method-override': (file) =>
    file.searchable.includes('express') &&
    file.searchable.includes('csrf') &&
    file.searchable.includes('methodOverride'),
  // A name containing one of its password words (any case), or a string holding `word=`.
  'sonarjs/no-hardcoded-passwords': (file) => /password|pwd|passwd|passphrase/i.test(file.searchable),
  // A name or string key matching one of its secret words (any case), and a string literal whose
  // value can pass its entropy and shape tests.
  'sonarjs/no-hardcoded-secrets': (file) =>
    /api[_.-]?key|auth|credential|secret|token/i.test(file.searchable) && mayHoldSecretValue(file),
  // Cookie options of cookie-session, csurf, express-session or the cookies module.
  'sonarjs/insecure-cookie': (file) => /cookie-session|csurf|express-session|cookies/.test(file.searchable),
  'sonarjs/cookie-no-httponly': (file) =>
    /cookie-session|csurf|express-session|cookies/.test(file.searchable),
  // A `parseXml` or `parseXmlString` of libxmljs or libxmljs2 with the `noent` option.
  'sonarjs/xml-parser-xxe': (file) =>
    file.searchable.includes('libxmljs') && file.searchable.includes('noent'),
  // `rejectUnauthorized: false` in the options of an https, request or tls connection.
  'sonarjs/unverified-certificate': (file) =>
    file.searchable.includes('rejectUnauthorized') && tlsModule.test(file.searchable),
  // The same, or a `checkServerIdentity` callback in those options.
  'sonarjs/unverified-hostname': (file) =>
    /rejectUnauthorized|checkServerIdentity/.test(file.searchable) && tlsModule.test(file.searchable),
  // TLS version options of https, request or tls, or an AWS CDK construct's TLS policy.
  'sonarjs/weak-ssl': (file) =>
    (/minVersion|maxVersion|secureProtocol|secureOptions/.test(file.searchable) &&
      tlsModule.test(file.searchable)) ||
    /aws[-_]cdk[-_]lib/.test(file.searchable),
  // The algorithm passed to `crypto.createCipheriv`.
  'sonarjs/no-weak-cipher': (file) =>
    file.searchable.includes('createCipheriv') && file.searchable.includes('crypto'),
  'sonarjs/encryption-secure-mode': (file) =>
    file.searchable.includes('createCipheriv') && file.searchable.includes('crypto'),
  // Key sizes and curves in the options of a `generateKeyPair` or `generateKeyPairSync` call.
  'sonarjs/no-weak-keys': (file) =>
    file.searchable.includes('generateKeyPair') &&
    /modulusLength|divisorLength|namedCurve/.test(file.searchable),
  // `sign` and `verify` of the jsonwebtoken module.
  'sonarjs/insecure-jwt-token': (file) => file.searchable.includes('jsonwebtoken'),
  // A literal whose source text starts with a shared temporary directory (any case), or
  // `process.env.TMPDIR`, `TMP`, `TEMPDIR` or `TEMP`.
  'sonarjs/publicly-writable-directories': (file) =>
    /\/(?:tmp|shm|mqueue|lock|caches|shared)\/|\\(?:windows|te?mp)/i.test(file.source) ||
    (/TE?MP/.test(file.searchable) && file.searchable.includes('process')),
} satisfies Record<EslintRuleName, Trigger>;

const jsxFile = /\.(t|j)sx$/;
const stringStart = /['"]/g;
/** A run of 16 characters of the kind the rule requires in a secret's value. */
const secretLikeRun = /[A-Za-z0-9_.+/=~$\\-]{16}/;
const singleCharacterEscapes: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Whether a string literal may hold a value the secrets rule accepts: its entropy above 5 bits a
 * character needs 33 distinct characters, and its shape a run of 16 token characters. Every quote
 * is tried as a start, so a quote in a comment cannot hide a literal; JSX values, where entities
 * and raw backslashes apply, count when long enough.
 */
function mayHoldSecretValue(file: TriggerText): boolean {
  const { source } = file;
  for (const start of source.matchAll(stringStart)) {
    const value = cookedString(source, start.index);
    if (value !== undefined && value.length >= 33 && secretLikeRun.test(value) && new Set(value).size >= 33)
      return true;
  }
  return file.jsx && /"[^"]{33,}"|'[^']{33,}'/.test(source);
}

/** The value of the string literal whose opening quote is at `start`, if one closes on its line. */
function cookedString(source: string, start: number): string | undefined {
  const quote = source.charCodeAt(start);
  let index = start + 1;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    if (code === quote) break;
    if (code === 10 || code === 13) return undefined;
    index += code === 92 && source.startsWith('\r\n', index + 1) ? 3 : code === 92 ? 2 : 1;
  }
  // A value is never longer than its literal, so a short literal needs no decoding.
  if (index >= source.length || index - start - 1 < 33) return undefined;
  return decodeEscapes(source.slice(start + 1, index), singleCharacterEscapes);
}

/** The escapes of strings, templates and identifiers, and a line continuation. */
const escapeSequence =
  /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[\n\r\u2028\u2029])|([\s\S]))/g;
const characterReference = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));/g;

function fromCodePoint(codePoint: number): string {
  return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
}

/** Decodes escapes; `\n` and the like become their letter unless `controls` maps them. */
function decodeEscapes(text: string, controls: Readonly<Record<string, string>> = {}): string {
  return text.replace(
    escapeSequence,
    (
      match,
      braced?: string,
      unicode?: string,
      hex?: string,
      octal?: string,
      lineBreak?: string,
      other?: string,
    ) => {
      if (braced) return fromCodePoint(Number.parseInt(braced, 16));
      if (unicode) return String.fromCharCode(Number.parseInt(unicode, 16));
      if (hex) return String.fromCharCode(Number.parseInt(hex, 16));
      if (octal) return String.fromCharCode(Number.parseInt(octal, 8));
      if (lineBreak) return '';
      return controls[match.slice(1)] ?? other ?? '';
    },
  );
}

/** The text followed by its escapes decoded, where it has any. */
function withDecodedEscapes(text: string): string {
  const decoded = text.includes('\\') ? decodeEscapes(text) : text;
  return decoded === text ? text : `${text}\n${decoded}`;
}

/** The text the triggers read for one file. */
export function triggerText(fileName: string, source: string): TriggerText {
  const jsx = jsxFile.test(fileName);
  let decoded = source.includes('\\') ? decodeEscapes(source) : source;
  if (jsx && decoded.includes('&#')) {
    decoded = decoded.replace(characterReference, (_match, hex?: string, decimal?: string) =>
      fromCodePoint(hex ? Number.parseInt(hex, 16) : Number.parseInt(decimal ?? '0', 10)),
    );
  }
  return { source, searchable: decoded === source ? source : `${source}\n${decoded}`, jsx };
}

/** The kept rules that can report on a file, in `eslintRuleMap`'s order; none means it need not be linted. */
export function triggeredRules(fileName: string, source: string): EslintRuleName[] {
  const file = triggerText(fileName, source);
  const rules: EslintRuleName[] = [];
  for (const [rule, trigger] of Object.entries(eslintTriggers) as [EslintRuleName, Trigger][]) {
    if (trigger(file)) rules.push(rule);
  }
  return rules;
}
