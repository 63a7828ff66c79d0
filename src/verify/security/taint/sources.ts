import ts from 'typescript';
import { calledName, shortText, skipOuter } from './file-facts.js';
import type { OriginCategory } from './taint-value.js';

/** Request properties that hold what the client sent, across Express, Fastify, Koa, Node http and Next. */
const requestProperties = new Set([
  'query',
  'params',
  'body',
  'headers',
  'cookies',
  'signedCookies',
  'url',
  'originalUrl',
  'path',
  'hostname',
  'querystring',
  'search',
  'files',
  'file',
  'rawBody',
  'nextUrl',
  'rawHeaders',
]);

/** Request methods that return what the client sent: Express `req.get`, Hono `c.req.query`, Web `request.json`. */
const requestMethods = new Set(['get', 'header', 'param', 'query', 'queries', 'json', 'text', 'formData']);
const honoMethods = new Set([
  'query',
  'queries',
  'param',
  'json',
  'text',
  'header',
  'parseBody',
  'formData',
  'arrayBuffer',
  'blob',
  'valid',
]);

/** Parameter names that, by convention, hold the request (or Koa's context). */
const requestParameterNames = new Set(['req', 'request', 'ctx', 'context', 'incoming']);
const routeMethods = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'head',
  'options',
  'route',
  'handle',
  'createServer',
]);
const requestTypeNames =
  /\b(Request|FastifyRequest|IncomingMessage|Context|ParameterizedContext|HonoRequest|NextApiRequest|NextRequest|RouterContext)\b/;
const httpVerbExports = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export interface SourceMatch {
  category: OriginCategory;
  label: string;
  /** Validated on the way in (Hono's `c.req.valid`), so the static type can be trusted. */
  typed: boolean;
}

function functionOf(parameter: ts.ParameterDeclaration): ts.SignatureDeclaration | undefined {
  return ts.isFunctionLike(parameter.parent) ? parameter.parent : undefined;
}

/** Whether a function is a request handler: passed to a route method, a Fastify `handler`, a Next route export. */
function handlerRequestIndex(fn: ts.SignatureDeclaration): number | undefined {
  const parent = fn.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(fn as unknown as ts.Expression)) {
    if (routeMethods.has(calledName(parent.expression))) return fn.parameters.length >= 4 ? 1 : 0;
  }
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : undefined;
  if (name && (name === 'handler' || name === 'preHandler' || httpVerbExports.has(name))) return 0;
  if (
    parent &&
    ts.isPropertyAssignment(parent) &&
    ts.isIdentifier(parent.name) &&
    parent.name.text === 'handler'
  )
    return 0;
  return undefined;
}

/** Whether an identifier names a request object: by its type, its position in a handler, or its name. */
export function isRequestIdentifier(checker: ts.TypeChecker, identifier: ts.Identifier): boolean {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration || !ts.isParameter(declaration)) return false;
  if (declaration.type && requestTypeNames.test(declaration.type.getText())) return true;
  if (ts.isIdentifier(declaration.name) && requestParameterNames.has(declaration.name.text)) return true;
  const fn = functionOf(declaration);
  if (!fn) return false;
  const index = handlerRequestIndex(fn);
  return index !== undefined && fn.parameters[index] === declaration;
}

/** The names along an access chain from its root identifier: `c.req.query('q')` is `c`, [`req`, `query()`]. */
function accessChain(node: ts.Expression): { root: ts.Expression; names: string[] } {
  const names: string[] = [];
  let current = skipOuter(node);
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = skipOuter(current.expression);
    } else if (ts.isElementAccessExpression(current)) {
      const argument = current.argumentExpression;
      names.unshift(ts.isStringLiteralLike(argument) ? argument.text : '[]');
      current = skipOuter(current.expression);
    } else if (ts.isCallExpression(current)) {
      const callee = skipOuter(current.expression);
      if (!ts.isPropertyAccessExpression(callee)) return { root: current, names };
      names.unshift(`${callee.name.text}()`);
      current = skipOuter(callee.expression);
    } else {
      return { root: current, names };
    }
  }
}

function isGlobalName(checker: ts.TypeChecker, identifier: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(identifier);
  if (!symbol) return true;
  return (symbol.declarations ?? []).every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

const browserLocationProperties = new Set(['hash', 'search', 'href', 'pathname']);

/** Whether an expression reads outside data, and which: the analysis asks this of every access and call. */
export function matchSource(
  checker: ts.TypeChecker,
  node: ts.Expression,
  options: { envSources: boolean },
): SourceMatch | undefined {
  const inner = skipOuter(node);
  if (
    !ts.isPropertyAccessExpression(inner) &&
    !ts.isElementAccessExpression(inner) &&
    !ts.isCallExpression(inner)
  )
    return undefined;
  const { root, names } = accessChain(inner);
  const first = names[0];
  if (!first || !ts.isIdentifier(root)) return undefined;
  const sourceFile = node.getSourceFile();
  const label = shortText(inner, sourceFile);
  const last = names[names.length - 1] ?? '';
  const isCall = ts.isCallExpression(inner);

  if (root.text === 'process' && isGlobalName(checker, root)) {
    if (first === 'argv') return { category: 'argv', label, typed: false };
    if (first === 'env' && options.envSources && names.length >= 1)
      return { category: 'env', label, typed: false };
    return undefined;
  }
  if (isCall && last.endsWith('()')) {
    // Hono: c.req.query('q'), c.req.json(), c.req.valid('json')
    if (names.length === 2 && first === 'req' && honoMethods.has(last.slice(0, -2)))
      return { category: 'request', label, typed: last === 'valid()' };
    if (names.length === 2 && first === 'cookies' && last === 'get()' && isRequestIdentifier(checker, root))
      return { category: 'request', label, typed: false };
    if (names.length === 2 && first === 'request' && requestMethods.has(last.slice(0, -2)))
      return isRequestIdentifier(checker, root) ? { category: 'request', label, typed: false } : undefined;
    // Getters take one argument (`req.get('host')`); `c.header(name, value)` in Hono sets a header.
    const getter = ts.isCallExpression(inner) && inner.arguments.length <= 1 && root.text !== 'c';
    if (
      names.length === 1 &&
      getter &&
      requestMethods.has(first.slice(0, -2)) &&
      isRequestIdentifier(checker, root)
    )
      return { category: 'request', label, typed: false };
    return undefined;
  }
  if (isCall) return undefined;
  if (requestProperties.has(first) && isRequestIdentifier(checker, root))
    return { category: 'request', label, typed: false };
  const second = names[1];
  if (first === 'request' && second && requestProperties.has(second) && isRequestIdentifier(checker, root))
    return { category: 'request', label, typed: false };
  if (first === 'req' && (second === 'url' || second === 'path'))
    return { category: 'request', label, typed: false };
  if (
    (root.text === 'location' || root.text === 'document' || root.text === 'window') &&
    isGlobalName(checker, root)
  ) {
    const property = root.text === 'location' ? first : first === 'location' ? second : first;
    const fromLocation = root.text === 'location' || first === 'location';
    if (fromLocation && property && browserLocationProperties.has(property))
      return { category: 'browser', label, typed: false };
    if (root.text === 'document' && (first === 'URL' || first === 'referrer' || first === 'cookie'))
      return { category: 'browser', label, typed: false };
    if (root.text === 'window' && first === 'name') return { category: 'browser', label, typed: false };
  }
  return undefined;
}
