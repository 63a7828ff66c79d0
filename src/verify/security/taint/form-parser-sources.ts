import ts from 'typescript';
import type { ResolvedCallee } from './file-facts.js';
import { skipOuter } from './file-facts.js';
import { madeFromPackage } from './package-origin.js';
import { isRequestIdentifier } from './sources.js';
import { sourceTaint, type Tainted } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Streaming multipart parsers: they read a request and emit its fields and files as events. */
const multipartPackages = ['busboy', '@fastify/busboy', 'multiparty', 'formidable', 'connect-busboy'];
/** Events that say how parsing went rather than handing on what the request held. */
const statusEvents = new Set(['error', 'end', 'close', 'finish', 'aborted', 'progress', 'drain']);

/** Whether the enclosing function pipes a request into the emitter or has it parse one. */
function fedFromRequest(checker: ts.TypeChecker, emitter: ts.Identifier, from: ts.Node): boolean {
  const symbol = checker.getSymbolAtLocation(emitter);
  if (!symbol) return false;
  let scope: ts.Node | undefined = from;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  const isEmitter = (expression: ts.Expression | undefined): boolean => {
    const inner = expression && skipOuter(expression);
    return !!inner && ts.isIdentifier(inner) && checker.getSymbolAtLocation(inner) === symbol;
  };
  const isRequest = (expression: ts.Expression | undefined): boolean => {
    const inner = expression && skipOuter(expression);
    return !!inner && ts.isIdentifier(inner) && isRequestIdentifier(checker, inner);
  };
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const target = node.expression.expression;
      if (method === 'pipe' && isRequest(target) && isEmitter(node.arguments[0])) found = true;
      if (method === 'parse' && isEmitter(target) && isRequest(node.arguments[0])) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/**
 * The parameters of a listener on a multipart parser (`parser.on('file', (name, stream, filename) => …)`):
 * all of them request data, since the parser hands on what the request's body held. Undefined when the
 * call is not such a listener.
 */
export function formParserEventInputs(
  walk: WalkState,
  callee: ResolvedCallee | undefined,
  call: ts.CallExpression,
  listener: ts.ArrowFunction | ts.FunctionExpression,
): Tainted[] | undefined {
  if (!callee?.receiver || (callee.name !== 'on' && callee.name !== 'once')) return undefined;
  const event = call.arguments[0] && skipOuter(call.arguments[0]);
  if (!event || !ts.isStringLiteralLike(event) || statusEvents.has(event.text)) return undefined;
  const receiver = skipOuter(callee.receiver);
  const isParser =
    multipartPackages.some((name) => madeFromPackage(walk.checker, receiver, name)) ||
    (ts.isIdentifier(receiver) && fedFromRequest(walk.checker, receiver, call));
  if (!isParser) return undefined;
  const read = [
    sourceTaint(
      { category: 'request', label: `'${event.text}' event of a multipart parser` },
      walk.line(call),
    ),
  ];
  return listener.parameters.map(() => read);
}
