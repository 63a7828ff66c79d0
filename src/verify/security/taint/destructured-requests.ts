import ts from 'typescript';
import { requestHandlerOf, requestInputProperties } from '../../recognise/index.js';
import { bindName } from './bindings.js';
import type { FunctionLike } from './function-summary.js';
import { rootedRequestProperties } from './sources.js';
import { sourceTaint, type TaintOrigin } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/**
 * A handler's request destructured in its parameter list (`({ params, body }, res) => …`): each
 * field that holds what the client sent is request data, as `req.params` would be.
 */
export function bindDestructuredRequest(walk: WalkState, fn: FunctionLike): void {
  if (!fn.parameters.some((parameter) => ts.isObjectBindingPattern(parameter.name))) return;
  const handler = requestHandlerOf(walk.checker, fn);
  const parameter = handler && fn.parameters[handler.requestIndex];
  if (!handler || !parameter || !ts.isObjectBindingPattern(parameter.name)) return;
  const line = walk.line(parameter);
  for (const element of parameter.name.elements) {
    const property = element.propertyName ?? element.name;
    if (element.dotDotDotToken || !(ts.isIdentifier(property) || ts.isStringLiteral(property))) continue;
    if (!requestInputProperties.has(property.text)) continue;
    const origin: TaintOrigin = { category: 'request', label: property.text };
    if (handler.by === 'name')
      origin.inferred = `\`${property.text}\` is taken for a request's field by the handler's place or parameter names; it has no declared type`;
    const taint = sourceTaint(origin, line, false, rootedRequestProperties.has(property.text));
    bindName(walk, element.name, [taint], line);
  }
}
