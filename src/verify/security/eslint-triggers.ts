import type { EslintRuleName } from './eslint-rules.js';
import { mayHoldRepeatingRegexLiteral } from './regex-literal-scan.js';

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
  // A regex literal, or a `RegExp(…)` call or construction (`globalThis.RegExp` too); the string
  // methods that take a pattern are checked only with type information, which the runner never has.
  'sonarjs/slow-regex': (file) =>
    /RegExp\s*(?:[(<)]|\?\.|\/[*/])/.test(file.searchable) ||
    mayHoldRepeatingRegexLiteral(file.source, file.jsx),
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
  // A name or string key matching one of its secret words, any case.
  'sonarjs/no-hardcoded-secrets': (file) =>
    /api[_.-]?key|auth|credential|secret|token/i.test(file.searchable),
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
/** The escapes of strings, templates and identifiers, and a line continuation. */
const escapeSequence =
  /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[\n\r\u2028\u2029])|([\s\S]))/g;
const characterReference = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));/g;

function fromCodePoint(codePoint: number): string {
  return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
}

function decodeEscapes(text: string): string {
  return text.replace(
    escapeSequence,
    (
      _match,
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
      return other ?? '';
    },
  );
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
