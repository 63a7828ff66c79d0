import ts from 'typescript';
import {
  conventionalNames,
  type RequestFramework,
  requestFrameworkOfKnowledge,
  requestHandlerOf,
  requestInputProperties,
  typeKnowledge,
} from '../../recognise/index.js';
import { shortText, skipOuter } from './file-facts.js';
import type { OriginCategory } from './taint-value.js';

/** Server request properties that hold the path of the request line, which starts with `/`. */
export const rootedRequestProperties = new Set(['path', 'originalUrl']);

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

export interface SourceMatch {
  category: OriginCategory;
  label: string;
  /** Validated on the way in (Hono's `c.req.valid`), so the static type can be trusted. */
  typed: boolean;
  /** Set when the request was recognised by a name only (untyped code): why it was taken for one. */
  inferred?: string;
  /** The request's own path (`req.path`, `req.originalUrl`), which always starts with `/`. */
  rootedPath?: boolean;
  /** A header value: Node's HTTP parser refuses line breaks and control characters in it, so it cannot forge a log line. */
  headerValue?: boolean;
}

function functionOf(parameter: ts.ParameterDeclaration): ts.SignatureDeclaration | undefined {
  return ts.isFunctionLike(parameter.parent) ? parameter.parent : undefined;
}

/** How an identifier is known to hold a request: by its declared type, or (untyped code) by its name or place. */
export interface RequestEvidence {
  by: 'type' | 'name';
  framework: RequestFramework | undefined;
}

/**
 * Whether an identifier holds a request object, asked of the checker first: a value whose type a web
 * framework declares as its request is one whatever it is called, and a value with any other type is
 * not, whatever it is called. Only untyped parameters fall back to names (`req`) and handler places.
 */
export function requestEvidence(
  checker: ts.TypeChecker,
  identifier: ts.Identifier,
): RequestEvidence | undefined {
  const knowledge = typeKnowledge(checker, checker.getTypeAtLocation(identifier));
  const framework = requestFrameworkOfKnowledge(knowledge);
  if (framework) return { by: 'type', framework };
  if (knowledge.kind !== 'untyped') return undefined;
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration || !ts.isParameter(declaration)) return undefined;
  if (ts.isIdentifier(declaration.name) && conventionalNames.request.test(declaration.name.text))
    return { by: 'name', framework: undefined };
  const fn = functionOf(declaration);
  const handler = fn && requestHandlerOf(checker, fn);
  if (handler && fn.parameters[handler.requestIndex] === declaration)
    return { by: handler.by, framework: undefined };
  return undefined;
}

/** Whether an identifier holds a request object, by type or, in untyped code, by name. */
export function isRequestIdentifier(checker: ts.TypeChecker, identifier: ts.Identifier): boolean {
  return requestEvidence(checker, identifier) !== undefined;
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

/** What a request reads from its headers alone: `headers`, `get('host')`, and Express's `hostname`, from `Host`. */
const headerReads = new Set(['headers', 'rawHeaders', 'get()', 'header()', 'hostname']);

/** `req.headers.host`, `req.rawHeaders`, `req.get('host')`, `req.hostname`: a read of the request's headers. */
function readsHeader(names: readonly string[]): boolean {
  const first = names[0] === 'request' || names[0] === 'req' ? names[1] : names[0];
  return first !== undefined && headerReads.has(first);
}

const browserLocationProperties = new Set(['hash', 'search', 'href', 'pathname']);
const browserRoots = new Set(['location', 'document', 'window']);

/**
 * Whether an access chain has the shape of a request read for some request (the branches of
 * `matchSource` below, without the evidence): the checker is asked about the root only then.
 * Keep it in step with those branches.
 */
function mayReadRequest(
  inner: ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression,
  names: readonly string[],
): boolean {
  const [first, second] = names;
  if (first === undefined) return false;
  const last = names[names.length - 1] ?? '';
  if (ts.isCallExpression(inner)) {
    if (!last.endsWith('()')) return false;
    const method = last.slice(0, -2);
    if (names.length === 1) return requestMethods.has(method) && inner.arguments.length <= 1;
    if (names.length !== 2) return false;
    return (
      (first === 'req' && honoMethods.has(method)) ||
      (first === 'cookies' && method === 'get') ||
      (first === 'request' && requestMethods.has(method))
    );
  }
  if (requestInputProperties.has(first)) return true;
  return (
    (first === 'req' || first === 'request') && second !== undefined && requestInputProperties.has(second)
  );
}

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
  // The root's type is the costly question, asked of every access: only where a request read could match.
  const evidence =
    mayReadRequest(inner, names) || browserRoots.has(root.text) ? requestEvidence(checker, root) : undefined;
  const request = (typed = false): SourceMatch => {
    const match: SourceMatch = { category: 'request', label, typed };
    if (evidence?.by === 'name')
      match.inferred = `\`${root.text}\` is taken for a request by its name or place; it has no declared type`;
    if (readsHeader(names)) match.headerValue = true;
    return match;
  };
  const second = names[1];
  if (evidence) {
    // Hono's context carries the request in `c.req`; its own methods (`c.get`, `c.header`) are not input.
    const honoLike = evidence.framework === 'hono' || (evidence.by === 'name' && first === 'req');
    if (isCall && last.endsWith('()')) {
      const method = last.slice(0, -2);
      if (names.length === 2 && first === 'req' && honoMethods.has(method))
        return request(method === 'valid');
      if (evidence.framework === 'hono') return undefined;
      if (names.length === 2 && first === 'cookies' && method === 'get') return request();
      if (names.length === 2 && first === 'request' && requestMethods.has(method)) return request();
      // Getters take one argument (`req.get('host')`); `c.header(name, value)` in Hono sets a header.
      const getter = ts.isCallExpression(inner) && inner.arguments.length <= 1;
      if (names.length === 1 && getter && requestMethods.has(method)) return request();
      return undefined;
    }
    if (isCall) return undefined;
    if (honoLike && first === 'req' && (second === 'url' || second === 'path')) return request();
    if (evidence.framework === 'hono') return undefined;
    if (requestInputProperties.has(first)) {
      const match = request();
      if (names.length === 1 && rootedRequestProperties.has(first)) match.rootedPath = true;
      return match;
    }
    if ((first === 'request' || first === 'req') && second && requestInputProperties.has(second))
      return request();
    return undefined;
  }
  if (isCall) return undefined;
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
