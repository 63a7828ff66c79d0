import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { isRequestIdentifier } from './sources.js';

/**
 * The collections a server framework parses a request into: always objects (headers, the parsed query
 * string, route parameters, cookies), and the body as the JSON and form parsers leave it.
 */
const parsedCollections = new Set(['body', 'query', 'params', 'headers', 'cookies', 'signedCookies']);

function isObjectType(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expression);
  const members = type.isUnion() ? type.types : [type];
  const objectFlags = ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive;
  return (
    members.every(
      (member) => (member.flags & (objectFlags | ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0,
    ) && members.some((member) => (member.flags & objectFlags) !== 0)
  );
}

/** `req.body`, `request.headers`: a whole parsed collection of a request the analysis recognises. */
function isParsedRequestCollection(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (!ts.isPropertyAccessExpression(inner) || !parsedCollections.has(inner.name.text)) return false;
  const owner = skipOuter(inner.expression);
  return ts.isIdentifier(owner) && isRequestIdentifier(checker, owner);
}

/**
 * A value a logger or `console` prints as a structured value — an object, whose strings it quotes and
 * escapes (util.inspect, JSON) — when passed as an argument of its own rather than spliced into the message.
 */
export function isStructuredValue(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return (
    ts.isObjectLiteralExpression(inner) ||
    isObjectType(checker, inner) ||
    isParsedRequestCollection(checker, inner)
  );
}
