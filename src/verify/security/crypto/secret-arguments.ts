import ts from 'typescript';
import type { RuleProblem } from '../rule-problem.js';
import {
  type FileFacts,
  objectLiteralOf,
  propertyOf,
  resolveCallee,
  skipOuter,
} from '../taint/file-facts.js';
import { packageOrigin } from '../taint/package-origin.js';
import { isStaticBytes } from './static-values.js';

/** Where a package's API takes a secret: an argument by position, or options of an object argument. */
interface SecretPlace {
  /** What the secret is, for the message: "The JWT signing key". */
  what: string;
  /** What someone who reads the source can then do. */
  consequence: string;
  argument: number;
  /** Option names of an object at `argument`, when the secret is an option. */
  options?: readonly string[];
}

const jwtKey = (argument: number): SecretPlace => ({
  what: 'The JWT key',
  consequence: 'anyone who reads the source can sign tokens this service accepts',
  argument,
});
const sessionSecret: SecretPlace = {
  what: 'The session secret',
  consequence: 'anyone who reads the source can sign session cookies this service accepts',
  argument: 0,
  options: ['secret', 'keys'],
};
const clientSecret: SecretPlace = {
  what: 'The OAuth client secret',
  consequence: 'anyone who reads the source can act as this application at the provider',
  argument: 0,
  options: ['clientSecret', 'consumerSecret'],
};

const jwtMiddleware: SecretPlace = { ...jwtKey(0), options: ['secret'] };

/** Per package, per export (`*`: the module called itself), where its secret goes. */
const secretPlaces: ReadonlyMap<string, ReadonlyMap<string, SecretPlace>> = new Map([
  [
    'jsonwebtoken',
    new Map([
      ['sign', jwtKey(1)],
      ['verify', jwtKey(1)],
    ]),
  ],
  [
    'jwt-simple',
    new Map([
      ['encode', jwtKey(1)],
      ['decode', jwtKey(1)],
    ]),
  ],
  [
    'jose',
    new Map([
      ['jwtVerify', jwtKey(1)],
      ['jwtDecrypt', jwtKey(1)],
    ]),
  ],
  [
    'hono/jwt',
    new Map([
      ['sign', jwtKey(1)],
      ['verify', jwtKey(1)],
      ['jwt', jwtMiddleware],
    ]),
  ],
  [
    'express-jwt',
    new Map([
      ['*', jwtMiddleware],
      ['expressjwt', jwtMiddleware],
    ]),
  ],
  ['koa-jwt', new Map([['*', jwtMiddleware]])],
  ['@nestjs/jwt', new Map([['register', jwtMiddleware]])],
  ['express-session', new Map([['*', sessionSecret]])],
  ['cookie-session', new Map([['*', sessionSecret]])],
  [
    'cookie-parser',
    new Map([['*', { ...sessionSecret, what: 'The cookie signing secret', options: undefined }]]),
  ],
  ['passport-jwt', new Map([['Strategy', { ...jwtKey(0), options: ['secretOrKey'] }]])],
]);
/** Fastify plugins registered with their secret in the options: `app.register(fastifyJwt, { secret })`. */
const pluginSecrets: ReadonlyMap<string, SecretPlace> = new Map([
  ['@fastify/jwt', { ...jwtKey(1), options: ['secret'] }],
  ['fastify-jwt', { ...jwtKey(1), options: ['secret'] }],
  [
    '@fastify/cookie',
    { ...sessionSecret, what: 'The cookie signing secret', argument: 1, options: ['secret'] },
  ],
  ['@fastify/session', { ...sessionSecret, argument: 1, options: ['secret'] }],
  ['@fastify/secure-session', { ...sessionSecret, argument: 1, options: ['secret', 'key'] }],
]);
/** Methods of jose's builders (`new SignJWT(claims).sign(key)`) that take the key first. */
const joseKeyMethods = new Set(['sign', 'encrypt']);

/** The export a callee names: `*` when the module itself is called (`session({ … })`). */
function exportName(facts: FileFacts, callee: ts.Expression, name: string, hasReceiver: boolean): string {
  if (hasReceiver) return name;
  const inner = skipOuter(callee);
  return ts.isIdentifier(inner) ? (facts.imports.get(inner.text)?.name ?? name) : name;
}

/** The package a registered plugin comes from: an imported name, or `require('…')` in place. */
function pluginOrigin(checker: ts.TypeChecker, facts: FileFacts, plugin: ts.Expression): string | undefined {
  const inner = skipOuter(plugin);
  if (ts.isIdentifier(inner)) return facts.imports.get(inner.text)?.module ?? packageOrigin(checker, inner);
  return packageOrigin(checker, inner);
}

function placeOf(
  checker: ts.TypeChecker,
  facts: FileFacts,
  call: ts.CallExpression | ts.NewExpression,
): SecretPlace | undefined {
  const callee = resolveCallee(facts, call.expression);
  if (!callee) return undefined;
  if (
    callee.receiver &&
    joseKeyMethods.has(callee.name) &&
    packageOrigin(checker, callee.receiver) === 'jose'
  )
    return jwtKey(0);
  const [plugin] = call.arguments ?? [];
  if (callee.receiver && callee.name === 'register' && plugin) {
    const registered = pluginOrigin(checker, facts, plugin);
    if (registered && pluginSecrets.has(registered)) return pluginSecrets.get(registered);
  }
  if (!callee.module) return undefined;
  const exported = exportName(facts, call.expression, callee.name, callee.receiver !== undefined);
  const known = secretPlaces.get(callee.module)?.get(exported);
  if (known) return known;
  // Every passport strategy for an OAuth provider takes its client secret in the options.
  const strategy = ts.isNewExpression(call) && /^passport-/.test(callee.module) && /Strategy$/.test(exported);
  return strategy ? clientSecret : undefined;
}

/** The literal a value is, directly or as the initialiser of the variable it names. */
function literalOf(
  checker: ts.TypeChecker,
  value: ts.Expression,
  depth = 0,
): ts.StringLiteralLike | undefined {
  const inner = skipOuter(value);
  if (ts.isStringLiteralLike(inner)) return inner;
  if (!ts.isIdentifier(inner) || depth > 2) return undefined;
  const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
  return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
    ? literalOf(checker, declaration.initializer, depth + 1)
    : undefined;
}

/**
 * Whether a value is written in the source: text or bytes, except an empty text and a PEM block (a
 * public key or certificate may be written down; a private one is secretlint's to report).
 */
function isWrittenSecret(checker: ts.TypeChecker, value: ts.Expression): boolean {
  const text = literalOf(checker, value)?.text;
  if (text !== undefined && (text === '' || /^-----BEGIN /.test(text))) return false;
  return isStaticBytes(checker, value);
}

/**
 * How a secret is written in the source: `fixed`, always; `fallback`, only where the configured
 * value is missing (`process.env.JWT_SECRET || 'dev-secret'`, or one branch of a `?:`).
 */
function writtenSecret(checker: ts.TypeChecker, value: ts.Expression): 'fixed' | 'fallback' | undefined {
  if (isWrittenSecret(checker, value)) return 'fixed';
  const inner = skipOuter(value);
  const either =
    ts.isBinaryExpression(inner) &&
    (inner.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
      inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
      ? [inner.left, inner.right]
      : ts.isConditionalExpression(inner)
        ? [inner.whenTrue, inner.whenFalse]
        : undefined;
  return either?.some((part) => writtenSecret(checker, part) !== undefined) ? 'fallback' : undefined;
}

/**
 * Secrets written into the source where an API takes them: a JWT key, a session or cookie secret,
 * an OAuth client secret. The value is known by the parameter it is passed as, whatever it looks like.
 */
export function secretArgumentRules(
  checker: ts.TypeChecker,
  facts: FileFacts,
  call: ts.CallExpression | ts.NewExpression,
): RuleProblem[] {
  const place = placeOf(checker, facts, call);
  const argument = place && call.arguments?.[place.argument];
  if (!place || !argument) return [];
  const object = place.options ? objectLiteralOf(checker, argument) : undefined;
  const values = place.options
    ? place.options.flatMap((option) => {
        const value = propertyOf(object, option);
        const list = value && skipOuter(value);
        return list && ts.isArrayLiteralExpression(list) ? [...list.elements] : value ? [value] : [];
      })
    : [argument];
  return values.flatMap((value): RuleProblem[] => {
    const written = writtenSecret(checker, value);
    if (!written) return [];
    const problem: RuleProblem = {
      ruleId: 'security/hardcoded-secret',
      node: value,
      message: `${place.what} is written in the source: ${place.consequence}.`,
      hint: 'Load it from the environment or a secret store, and rotate the one in the source.',
      cwe: 'CWE-798',
    };
    if (written === 'fixed') return [problem];
    return [
      {
        ...problem,
        message: `${place.what} falls back to one written in the source when the configured value is missing: wherever it is, ${place.consequence}.`,
        hint: 'Fail at start-up when the secret is not configured, instead of falling back to a literal.',
        severity: 'warning',
      },
    ];
  });
}
