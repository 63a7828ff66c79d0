import ts from 'typescript';
import { skipOuter } from '../file-facts.js';
import { packageOfValue } from '../package-values.js';
import type { SinkUse } from './sink-use.js';

/** HTTP clients whose request interceptors get the request's config before it is sent. */
const interceptingClients = new Set(['axios']);
/** Config fields that decide where a request goes. */
const targetFields = new Set(['url', 'baseURL']);

/** Whether a parameter is the config a client's request interceptor receives: `client.interceptors.request.use((config) => …)`. */
function isInterceptedConfig(checker: ts.TypeChecker, parameter: ts.ParameterDeclaration): boolean {
  const fn = parameter.parent;
  if (!ts.isFunctionLike(fn) || fn.parameters[0] !== parameter) return false;
  let node: ts.Node = fn;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  const use = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(use) || use.name.text !== 'use') return false;
  const request = skipOuter(use.expression);
  if (!ts.isPropertyAccessExpression(request) || request.name.text !== 'request') return false;
  const interceptors = skipOuter(request.expression);
  if (!ts.isPropertyAccessExpression(interceptors) || interceptors.name.text !== 'interceptors') return false;
  const client = packageOfValue(checker, interceptors.expression);
  return client !== undefined && interceptingClients.has(client);
}

/**
 * `config.url = target` in a request interceptor of an HTTP client (the client itself or an instance
 * it created): every request the client sends afterwards goes where that value says.
 */
export function interceptorAssignmentSink(
  checker: ts.TypeChecker,
  target: ts.Expression,
): Omit<SinkUse, 'value'> | undefined {
  const inner = skipOuter(target);
  if (!ts.isPropertyAccessExpression(inner) || !targetFields.has(inner.name.text)) return undefined;
  const config = skipOuter(inner.expression);
  if (!ts.isIdentifier(config)) return undefined;
  const declaration = checker.getSymbolAtLocation(config)?.valueDeclaration;
  if (!declaration || !ts.isParameter(declaration) || !isInterceptedConfig(checker, declaration))
    return undefined;
  return { kind: 'ssrf', label: `request interceptor ${inner.name.text}` };
}
