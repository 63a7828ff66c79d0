import ts from 'typescript';
import { expressionKnowledge, packageOfFile } from '../../recognise/index.js';
import { callsCharacterEscaper } from './character-escapers.js';
import { type ResolvedCallee, shortText, skipOuter } from './file-facts.js';
import { sanitisingPipeline } from './markup-pipelines.js';
import { packageOfValue } from './package-values.js';
import { declaredReturnsNothing, signatureDeclaration } from './signature-declaration.js';
import { type SinkKind, sinkKinds } from './taint-value.js';

/** What a call does to the taint of its input, when the call is one the analysis knows. */
export type CallEffect =
  /** The result is a number, a boolean or fixed text: nothing of the input survives that can inject. */
  | { effect: 'drop' }
  /** The result is the input made safe for some sinks (escaped, quoted). */
  | { effect: 'clean'; kinds: readonly SinkKind[]; from: 'arguments' | 'receiver' }
  /** path.resolve, normalize, join: the parts joined and normalised, which a prefix check can then confine. */
  | { effect: 'normalise' }
  /** A schema's parse: the same data, now of the schema's type. */
  | { effect: 'validate' }
  /** path.basename, extname: one segment of the input, a path only inside the folder it is put in. */
  | { effect: 'segment' };

const htmlModules = new Set([
  'escape-goat',
  'html-escaper',
  'escape-html',
  'he',
  'dompurify',
  'isomorphic-dompurify',
  'sanitize-html',
  'xss',
]);
const sqlModules = new Set(['pg-format', 'sqlstring', 'mysql', 'mysql2']);
const validatorTextFunctions = new Set([
  'normalizeEmail',
  'trim',
  'ltrim',
  'rtrim',
  'blacklist',
  'whitelist',
  'stripLow',
  'unescape',
]);
const numericFunctions = new Set([
  'Number',
  'parseInt',
  'parseFloat',
  'BigInt',
  'Boolean',
  'isNaN',
  'isFinite',
]);
const numericMethods = new Set([
  'length',
  'indexOf',
  'lastIndexOf',
  'includes',
  'startsWith',
  'endsWith',
  'test',
  'has',
  'some',
  'every',
  'findIndex',
  'localeCompare',
  'charCodeAt',
  'codePointAt',
  'getTime',
  'toFixed',
  'isArray',
  'isInteger',
  'isSafeInteger',
  'isFinite',
  'isNaN',
  'hasOwnProperty',
  'size',
]);
const schemaMethods = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validateSync', 'cast']);
const notSchemas =
  /^(JSON|path|url|URL|qs|querystring|yaml|YAML|Date|Number|BigInt|csv|xml|toml|cookie|semver)$/;
const everyKind: readonly SinkKind[] = sinkKinds;

function regexLiteralOf(expression: ts.Expression | undefined): ts.RegularExpressionLiteral | undefined {
  const inner = expression && skipOuter(expression);
  return inner && ts.isRegularExpressionLiteral(inner) ? inner : undefined;
}

/** What an allow-list character class admits decides which sinks a value built from it is safe for. */
export function kindsSafeForCharacters(allowed: string): SinkKind[] {
  if (/['"`<>;&|$\\\s(){}*=,%!#\n\r]/.test(allowed.replace(/\\[wd.-]/g, ''))) return [];
  const kinds = everyKind.filter((kind) => {
    if (kind === 'path') return !allowed.includes('/') && !/(^|[^\\])\\\//.test(allowed);
    if (kind === 'redirect' || kind === 'ssrf') return !allowed.includes('/') && !allowed.includes(':');
    // `\w` and `_` admit `__proto__`.
    if (kind === 'prototype') return !allowed.includes('_') && !allowed.includes('\\w');
    return true;
  });
  return kinds;
}

/** `s.replace(/[\r\n]/g, '')`, `s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')`, `s.replace(/</g, '&lt;')`… */
function replaceEffect(call: ts.CallExpression): CallEffect | undefined {
  const pattern = regexLiteralOf(call.arguments[0]);
  const replacement = call.arguments[1] && skipOuter(call.arguments[1]);
  const literalPattern = call.arguments[0] && skipOuter(call.arguments[0]);
  // `key.replace('_', '-')`: the first `_` becomes a character `__proto__` lacks, so it cannot come out.
  if (
    literalPattern &&
    ts.isStringLiteralLike(literalPattern) &&
    literalPattern.text === '_' &&
    replacement &&
    ts.isStringLiteralLike(replacement) &&
    replacement.text !== '' &&
    !/[_a-z]/.test(replacement.text)
  )
    return { effect: 'clean', kinds: ['prototype'], from: 'receiver' };
  if (!pattern || !replacement) return undefined;
  const source = pattern.text.slice(1, pattern.text.lastIndexOf('/'));
  const replacementText = ts.isStringLiteralLike(replacement) ? replacement.text : undefined;
  const kinds: SinkKind[] = [];
  const global = /\/[a-z]*g[a-z]*$/.test(pattern.text);
  if (
    global &&
    removedCharacters(source).includes('_') &&
    replacementText !== undefined &&
    !replacementText.includes('_')
  )
    kinds.push('prototype');
  if (/\\n|\\r|\\s/.test(source)) kinds.push('log', 'header');
  if (/\.\*\+\?|\*\+\?|\[\.\*/.test(source.replace(/\\/g, '')) && replacementText?.includes('$&'))
    kinds.push('regexp');
  // Escaping for HTML turns `<` into an entity; replacing `&` or quotes alone leaves tags in.
  if (source.includes('<') && (replacementText === undefined || replacementText.includes('&')))
    kinds.push('html');
  if (removesShellMetacharacters(source, replacementText)) kinds.push('shell');
  if (replacementText === '') kinds.push(...kindsSafeWithout(removedCharacters(source)));
  const negated = /^\[\^([^\]]*)\]$/.exec(source.replace(/\+$/, ''));
  if (
    negated?.[1] !== undefined &&
    (replacementText === '' || replacementText === '_' || replacementText === '-')
  ) {
    kinds.push(...kindsSafeForCharacters(negated[1]));
  }
  return kinds.length > 0 ? { effect: 'clean', kinds, from: 'receiver' } : undefined;
}

/** The characters a pattern made of one character class (not negated) matches, `\n` and `\/` read as the characters. */
export function removedCharacters(source: string): string {
  // One literal character (`/_/g`) removes that character.
  const single = /^(?:\\([^\w])|([^\\[\]().*+?^$|{}]))\+?$/.exec(source);
  if (single) return single[1] ?? single[2] ?? '';
  const match = /^\[((?:\\.|[^\]^])(?:\\.|[^\]])*)\][+*]?$/.exec(source);
  if (!match?.[1]) return '';
  return match[1].replace(/\\(.)/g, (_, character: string) =>
    character === 'n' ? '\n' : character === 'r' ? '\r' : character === 's' ? ' \n\r\t' : character,
  );
}

/** The sinks a value is safe for once it holds none of the given characters: each sink's own metacharacters. */
export function kindsSafeWithout(absent: string): SinkKind[] {
  const lacks = (characters: string) => [...characters].every((character) => absent.includes(character));
  const kinds: SinkKind[] = [];
  if (lacks('<>')) kinds.push('html');
  if (lacks('/\\')) kinds.push('path');
  if (lacks('\n\r')) kinds.push('log', 'header');
  if (lacks('_')) kinds.push('prototype');
  return kinds;
}

/** A character class that removes (or escapes) every character a shell gives meaning to. */
function removesShellMetacharacters(source: string, replacement: string | undefined): boolean {
  const match = /^\[([^\]^][^\]]*)\]\+?$/.exec(source);
  if (!match?.[1]) return false;
  const members = match[1];
  const required = [';', '&', '|', '$', '`', '<', '>', '(', ')'];
  const covers = required.every((character) => members.includes(character));
  const newline = members.includes('\\n') || members.includes('\\s');
  return covers && newline && (replacement === '' || replacement === '\\$&' || replacement === '_');
}

/** The package that declares the function a call invokes, from the import or, failing that, the checker. */
export function declaringPackage(
  checker: ts.TypeChecker,
  callee: ResolvedCallee,
  call: ts.CallExpression,
): string | undefined {
  if (callee.module) return callee.module;
  const declaration = signatureDeclaration(checker, call);
  const sourceFile = declaration?.getSourceFile();
  if (sourceFile?.isDeclarationFile) return packageOfFile(sourceFile.fileName);
  if (callee.receiver) {
    const knowledge = expressionKnowledge(checker, callee.receiver);
    if (knowledge.kind === 'package') return knowledge.origins[0]?.package;
    // Untyped code: the package the receiver was made by (`const purifier = createPurifier(window)`).
    return packageOfValue(checker, callee.receiver);
  }
  return undefined;
}

/** Whether an options object literal sets a property to `true`: `{ isScriptContext: true }`. */
function optionIsTrue(options: ts.Expression | undefined, property: string): boolean {
  if (!options || !ts.isObjectLiteralExpression(skipOuter(options))) return false;
  return (skipOuter(options) as ts.ObjectLiteralExpression).properties.some(
    (member) =>
      ts.isPropertyAssignment(member) &&
      ts.isIdentifier(member.name) &&
      member.name.text === property &&
      member.initializer.kind === ts.SyntaxKind.TrueKeyword,
  );
}

/** Options that may turn a serialiser's escaping off: anything but absent options or `unsafe` left false. */
function unsafeSerialisation(options: ts.Expression | undefined): boolean {
  if (!options) return false;
  const inner = skipOuter(options);
  if (!ts.isObjectLiteralExpression(inner)) return true;
  return inner.properties.some((property) => {
    if (ts.isSpreadAssignment(property)) return true;
    const name =
      property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
        ? property.name.text
        : undefined;
    if (name !== 'unsafe') return false;
    return !ts.isPropertyAssignment(property) || property.initializer.kind !== ts.SyntaxKind.FalseKeyword;
  });
}

/** A library call declared to return nothing (`console.log`): its result carries none of its input. */
function returnsNothing(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  // Resolving the signature infers every argument; the declarations usually settle it far cheaper.
  const declared = declaredReturnsNothing(checker, call);
  if (declared !== undefined) return declared;
  const signature = checker.getResolvedSignature(call);
  // The project's own functions are summarised instead: what they do with their arguments matters.
  if (!signature?.declaration?.getSourceFile().isDeclarationFile) return false;
  const type = checker.getReturnTypeOfSignature(signature);
  return (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never)) !== 0;
}

/** Whether a plain call names the language's own global (not a local function of the same name). */
function isGlobalFunction(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const symbol = checker.getSymbolAtLocation(call.expression);
  return (symbol?.declarations ?? []).every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/**
 * The effect of a call the analysis knows by the package that declares it or by what it does to a
 * string (replace with a pattern); undefined for everything else, which is then summarised if it is
 * the project's own, so that a function called `escapeHtml` that does nothing cleans nothing.
 */
export function classifyCall(
  checker: ts.TypeChecker,
  callee: ResolvedCallee,
  call: ts.CallExpression,
): CallEffect | undefined {
  const { name, receiver } = callee;
  const module = declaringPackage(checker, callee, call);
  const sourceFile = call.getSourceFile();
  const receiverText = receiver ? shortText(receiver, sourceFile) : '';
  const global = !receiver && isGlobalFunction(checker, call);
  if (returnsNothing(checker, call)) return { effect: 'drop' };
  if (!module && callsCharacterEscaper(checker, signatureDeclaration(checker, call)))
    return { effect: 'clean', kinds: ['html'], from: 'arguments' };
  if (global && numericFunctions.has(name)) return { effect: 'drop' };
  if (receiverText === 'Math' || receiverText === 'Number' || receiverText === 'Date')
    return { effect: 'drop' };
  if (receiver && numericMethods.has(name)) return { effect: 'drop' };
  if (module === 'path' || receiverText === 'path.posix' || receiverText === 'path.win32') {
    if (name === 'resolve' || name === 'normalize' || name === 'join') return { effect: 'normalise' };
    if (name === 'basename' || name === 'extname') return { effect: 'segment' };
    return undefined;
  }
  // realpath resolves `..` and links: the path a prefix check then confines; it opens nothing itself.
  if (module === 'fs' && (name === 'realpath' || name === 'realpathSync')) return { effect: 'normalise' };
  if (module && htmlModules.has(module)) return { effect: 'clean', kinds: ['html'], from: 'arguments' };
  // jsesc escapes quotes and line breaks always, and `</script` and `<!--` when told the text goes in a script element.
  if (module === 'jsesc' && optionIsTrue(call.arguments[1], 'isScriptContext'))
    return { effect: 'clean', kinds: ['html', 'log'], from: 'arguments' };
  if (receiver && /^process(Sync)?$/.test(name) && sanitisingPipeline(checker, receiver))
    return { effect: 'clean', kinds: ['html'], from: 'arguments' };
  if (
    module &&
    sqlModules.has(module) &&
    (name === 'escape' ||
      name === 'escapeId' ||
      name === 'format' ||
      name === '*' ||
      name === 'literal' ||
      name === 'ident')
  )
    return { effect: 'clean', kinds: ['sql'], from: 'arguments' };
  if (module === 'shell-quote' || module === 'shell-escape' || module === 'shescape')
    return { effect: 'clean', kinds: ['shell'], from: 'arguments' };
  // serialize-javascript escapes `<`, `>` and `/` in its output unless told `unsafe: true`.
  if (module === 'serialize-javascript' && !unsafeSerialisation(call.arguments[1]))
    return { effect: 'clean', kinds: ['html', 'code'], from: 'arguments' };
  if (module === 'mongo-sanitize') return { effect: 'clean', kinds: ['nosql'], from: 'arguments' };
  if (module === 'ldap-escape') return { effect: 'clean', kinds: ['ldap'], from: 'arguments' };
  if (module === 'escape-string-regexp') return { effect: 'clean', kinds: ['regexp'], from: 'arguments' };
  // sanitize-filename strips separators, `..` and control characters (CR and LF among them).
  if (module === 'sanitize-filename')
    return { effect: 'clean', kinds: ['path', 'log', 'header'], from: 'arguments' };
  if (module === 'validator') {
    if (name === 'escape') return { effect: 'clean', kinds: ['html'], from: 'arguments' };
    if (name === 'toInt' || name === 'toFloat' || name === 'toBoolean' || name.startsWith('is'))
      return { effect: 'drop' };
    // Its text functions refuse anything but a string and return one: no query operators come out.
    if (validatorTextFunctions.has(name)) return { effect: 'clean', kinds: ['nosql'], from: 'arguments' };
  }
  const lodashFunction =
    /^lodash(-es)?\/(\w+)/.exec(module ?? '')?.[2] ?? /^lodash\.(\w+)$/.exec(module ?? '')?.[1];
  if (module === 'lodash' || module === 'lodash-es' || lodashFunction !== undefined) {
    const name =
      lodashFunction === undefined
        ? callee.name
        : lodashFunction === 'escaperegexp'
          ? 'escapeRegExp'
          : lodashFunction;
    if (name === 'escape') return { effect: 'clean', kinds: ['html'], from: 'arguments' };
    if (name === 'escapeRegExp') return { effect: 'clean', kinds: ['regexp'], from: 'arguments' };
    if (name === 'toNumber' || name === 'toInteger') return { effect: 'drop' };
  }
  if (receiverText === 'RegExp' && name === 'escape')
    return { effect: 'clean', kinds: ['regexp'], from: 'arguments' };
  // Drivers' own escaping: pg's escapeLiteral, mysql's escape and escapeId, known by their package.
  const sqlDriver = module !== undefined && sqlModules.has(module);
  if (sqlDriver || (module === 'pg' && (name === 'escapeLiteral' || name === 'escapeIdentifier')))
    if (/^escape(Literal|Identifier|Id)?$/.test(name))
      return { effect: 'clean', kinds: ['sql'], from: 'arguments' };
  if (global && name === 'encodeURIComponent')
    return {
      effect: 'clean',
      kinds: ['html', 'header', 'log', 'redirect', 'ssrf', 'nosql'],
      from: 'arguments',
    };
  if (global && name === 'encodeURI')
    return { effect: 'clean', kinds: ['html', 'header', 'log', 'nosql'], from: 'arguments' };
  if (global && (name === 'String' || name === 'escape'))
    return { effect: 'clean', kinds: ['nosql'], from: 'arguments' };
  // `Buffer.from(x)` is bytes whatever `x` was: no query operator survives it.
  if (receiverText === 'Buffer' && name === 'from')
    return { effect: 'clean', kinds: ['nosql'], from: 'arguments' };
  // JSON text is a quoted JavaScript literal too, so it is safe inside evaluated code.
  if (receiverText === 'JSON' && name === 'stringify')
    return { effect: 'clean', kinds: ['log', 'header', 'nosql', 'code'], from: 'arguments' };
  if ((name === 'ObjectId' || name === 'isValidObjectId') && !receiverText.startsWith('req'))
    return { effect: 'drop' };
  if ((name === 'replace' || name === 'replaceAll') && receiver) return replaceEffect(call);
  if (receiver && schemaMethods.has(name) && !notSchemas.test(receiverText)) return { effect: 'validate' };
  if (receiver && name === 'validate' && /schema|validator|joi/i.test(receiverText))
    return { effect: 'validate' };
  return undefined;
}

/** Tags whose templates are parameterised queries or escaped markup, not text built by hand. */
export function taggedTemplateEffect(tag: ts.Expression, sourceFile: ts.SourceFile): CallEffect | undefined {
  const text = shortText(tag, sourceFile);
  if (
    /^(sql|SQL|Prisma\.sql|sql\.fragment|sql\.type\(.*\)|db\.sql|\$queryRaw|\$executeRaw|.*\.\$queryRaw|.*\.\$executeRaw|.*\.sql)$/.test(
      text,
    )
  )
    return { effect: 'drop' };
  if (/^(html|svg|css|safeHtml|escapeHtml|htmlEscape)$/.test(text))
    return { effect: 'clean', kinds: ['html'], from: 'arguments' };
  if (/^(\$|execa\.\$)$/.test(text)) return { effect: 'drop' };
  if (/^(ldapEscape\.filter|ldapEscape\.dn|escapeFilter)$/.test(text))
    return { effect: 'clean', kinds: ['ldap'], from: 'arguments' };
  return undefined;
}
