import ts from 'typescript';
import { calledName, skipOuter } from '../file-facts.js';
import { packageOfValue } from '../package-values.js';
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

/**
 * What a function returns is a response body when the function is a hapi route's `handler`: hapi
 * writes a returned string as `text/html`.
 */
export function returnedResponseSink(checker: ts.TypeChecker, returned: ts.Expression): SinkUse | undefined {
  const fn = enclosingFunction(returned);
  if (!fn) return undefined;
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
