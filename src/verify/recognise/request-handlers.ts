import ts from 'typescript';
import { type TypeKnowledge, typeKnowledge } from './declared-origin.js';
import { conventionalNames, httpVerbExports, requestInputProperties, routeMethods } from './names.js';
import { requestFrameworkOfKnowledge } from './request-objects.js';

/** How Baton knows a function handles requests, and which parameter holds the request. */
export interface HandlerEvidence {
  requestIndex: number;
  /** `type`: a parameter's declared type is a framework's request; `name`: only its place or names say so. */
  by: 'type' | 'name';
}

function calledName(callee: ts.Expression): string {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return ts.isIdentifier(callee) ? callee.text : '';
}

function parameterName(parameter: ts.ParameterDeclaration | undefined): string {
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : '';
}

/** The names of the fields a parameter destructures (`{ params, query: q }` is params, query); empty for a plain name. */
function destructuredNames(parameter: ts.ParameterDeclaration | undefined): string[] {
  if (!parameter || !ts.isObjectBindingPattern(parameter.name)) return [];
  return parameter.name.elements.flatMap((element) => {
    const property = element.propertyName ?? element.name;
    return !element.dotDotDotToken && (ts.isIdentifier(property) || ts.isStringLiteral(property))
      ? [property.text]
      : [];
  });
}

function knowledgeOf(checker: ts.TypeChecker, parameter: ts.ParameterDeclaration): TypeKnowledge {
  const type = checker.getTypeAtLocation(parameter.name);
  // A destructuring pattern nothing types gets a type made from the pattern itself, which declares nothing.
  if (!ts.isIdentifier(parameter.name) && !parameter.type && !type.getSymbol() && !type.aliasSymbol)
    return { kind: 'untyped' };
  return typeKnowledge(checker, type);
}

/** Where a function sits says it handles requests: passed to a route method, `createServer`, a `handler` property. */
function handlerByPlace(fn: ts.SignatureDeclaration): number | undefined {
  let parent = fn.parent;
  while (parent && ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.some((argument) => argument === fn)) {
    const name = calledName(parent.expression);
    const [first] = parent.arguments;
    if (name === 'on')
      return first && ts.isStringLiteralLike(first) && first.text === 'request' ? 0 : undefined;
    if (routeMethods.has(name) || name === 'createServer') return fn.parameters.length >= 4 ? 1 : 0;
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

/**
 * Whether a function handles requests, asked of the checker first: a parameter whose declared type is
 * a framework's request (whatever it is called). Only when no parameter has a type does the place
 * the function is passed to, or the names `(req, res)`, decide, and the evidence says so.
 */
export function requestHandlerOf(
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration,
): HandlerEvidence | undefined {
  if (fn.parameters.length === 0) return undefined;
  let anyTyped = false;
  for (const [index, parameter] of fn.parameters.entries()) {
    const knowledge = knowledgeOf(checker, parameter);
    if (requestFrameworkOfKnowledge(knowledge)) return { requestIndex: index, by: 'type' };
    if (knowledge.kind !== 'untyped') anyTyped = true;
  }
  const place = handlerByPlace(fn);
  const requestParameter = place === undefined ? undefined : fn.parameters[place];
  if (requestParameter && knowledgeOf(checker, requestParameter).kind === 'untyped')
    return { requestIndex: place as number, by: 'name' };
  if (anyTyped) return undefined;
  const [first, second] = fn.parameters;
  // The request by its name, or destructured into what the client sent (`({ params, body }, res) => …`).
  const requestLike =
    conventionalNames.request.test(parameterName(first)) ||
    destructuredNames(first).some((name) => requestInputProperties.has(name));
  if (requestLike && conventionalNames.response.test(parameterName(second)))
    return { requestIndex: 0, by: 'name' };
  return undefined;
}
