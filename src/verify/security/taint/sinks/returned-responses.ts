import ts from 'typescript';
import { lambdaEventOf } from '../../../recognise/index.js';
import { calledName, objectLiteralOf, propertyNameText, propertyOf, skipOuter } from '../file-facts.js';
import { packageOfValue } from '../package-values.js';
import { mayNameMarkup } from './content-type.js';
import type { SinkUse } from './sink-use.js';

/** Servers that send what a route's handler returns as the response body (a string as HTML). */
const returnedBodyServers = new Set(['hapi', '@hapi/hapi']);

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

/** The `server.route(…)` call a route object is handed to, directly or in an array of routes. */
function routeCall(object: ts.ObjectLiteralExpression): ts.CallExpression | undefined {
  let current: ts.Node = object;
  while (ts.isParenthesizedExpression(current.parent) || ts.isArrayLiteralExpression(current.parent))
    current = current.parent;
  const call = current.parent;
  return call && ts.isCallExpression(call) && calledName(skipOuter(call.expression)) === 'route'
    ? call
    : undefined;
}

/** The value an object literal of response headers gives `Content-Type`, whatever its case. */
function contentTypeHeader(headers: ts.ObjectLiteralExpression): ts.Expression | undefined {
  for (const property of headers.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    if (propertyNameText(property.name)?.toLowerCase() === 'content-type') return property.initializer;
  }
  return undefined;
}

/**
 * The body of a Lambda handler's returned response (`{ statusCode, headers, body }`), which API
 * Gateway and function URLs send to the client: HTML when its `Content-Type` header may name markup.
 * Without that header the gateway sends JSON, which a browser does not render.
 */
function lambdaResponseBody(
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration,
  returned: ts.Expression,
  lambdaTypesImported: boolean,
): SinkUse | undefined {
  const inner = skipOuter(returned);
  const response = objectLiteralOf(checker, ts.isAwaitExpression(inner) ? inner.expression : inner);
  const body = response && propertyOf(response, 'body');
  if (!response || !body) return undefined;
  const headers = objectLiteralOf(checker, propertyOf(response, 'headers'));
  const contentType = headers && contentTypeHeader(headers);
  if (!contentType || !mayNameMarkup(checker, contentType)) return undefined;
  if (!lambdaEventOf(checker, fn, lambdaTypesImported)) return undefined;
  return { kind: 'html', value: body, label: 'Lambda response body' };
}

/**
 * What a function returns is a response body when the function is a hapi route's `handler` (hapi
 * writes a returned string as `text/html`), or the `body` of a Lambda handler's HTML response.
 * `lambdaTypesImported`: the file imports Lambda's declarations.
 */
export function returnedResponseSink(
  checker: ts.TypeChecker,
  returned: ts.Expression,
  lambdaTypesImported: boolean,
): SinkUse | undefined {
  const fn = enclosingFunction(returned);
  if (!fn) return undefined;
  const lambdaBody = lambdaResponseBody(checker, fn, returned, lambdaTypesImported);
  if (lambdaBody) return lambdaBody;
  const holder = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  const named =
    holder && (ts.isPropertyAssignment(holder) || ts.isMethodDeclaration(holder)) ? holder : undefined;
  if (!named || !ts.isIdentifier(named.name) || named.name.text !== 'handler') return undefined;
  if (ts.isPropertyAssignment(named) && skipOuter(named.initializer) !== fn) return undefined;
  if (!ts.isObjectLiteralExpression(named.parent)) return undefined;
  const call = routeCall(named.parent);
  const server =
    call && ts.isPropertyAccessExpression(skipOuter(call.expression))
      ? (skipOuter(call.expression) as ts.PropertyAccessExpression).expression
      : undefined;
  const module = server && packageOfValue(checker, server);
  if (!module || !returnedBodyServers.has(module)) return undefined;
  return { kind: 'html', value: returned, label: 'hapi route handler return' };
}
