import ts from 'typescript';
import { skipOuter } from './file-facts.js';

/**
 * `parts.whatever` on an array: a member arrays do not have, which reads `undefined` whatever the
 * elements hold (the members an array does have, `length` or `at`, are declared on its type).
 */
export function readsAbsentArrayMember(checker: ts.TypeChecker, node: ts.PropertyAccessExpression): boolean {
  const type = checker.getTypeAtLocation(node.expression);
  if (checker.isArrayType(type) || checker.isTupleType(type))
    return checker.getPropertyOfType(type, node.name.text) === undefined;
  // Untyped code: `text.split(…)` hands back an array whatever the checker could infer of `text`.
  return isSplit(node.expression) && !arrayMembers.has(node.name.text);
}

/** What every array has: its own and `Array.prototype`'s members, as this runtime defines them. */
const arrayMembers = new Set([
  ...Object.getOwnPropertyNames(Array.prototype),
  ...Object.getOwnPropertyNames(Object.prototype),
]);

function isSplit(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return (
    ts.isCallExpression(inner) &&
    ts.isPropertyAccessExpression(inner.expression) &&
    inner.expression.name.text === 'split'
  );
}

/** `text.split('/')`, `text.split(/\//)`: a split at the path separator. */
function splitsAtSlash(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression)) return false;
  if (inner.expression.name.text !== 'split') return false;
  const separator = inner.arguments[0] && skipOuter(inner.arguments[0]);
  if (!separator) return false;
  if (ts.isStringLiteralLike(separator)) return separator.text === '/';
  return ts.isRegularExpressionLiteral(separator) && /^\/(\\\/|\[\\\/\])\/$/.test(separator.text);
}

/** The array an identifier was declared with, when it was never assigned again. */
function declaredValue(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  let reassigned = false;
  const scope = ts.findAncestor(declaration, ts.isFunctionLike) ?? declaration.getSourceFile();
  const visit = (node: ts.Node): void => {
    if (reassigned) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(skipOuter(node.left)) &&
      checker.getSymbolAtLocation(skipOuter(node.left))?.valueDeclaration === declaration
    )
      reassigned = true;
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return reassigned ? undefined : declaration.initializer;
}

/**
 * `parts[parts.length - 1]` of `parts = path.split('/')`: the text after the last `/`, a base name
 * as `path.basename` gives, which names one entry of the folder a prefix puts it in.
 */
export function readsLastPathSegment(checker: ts.TypeChecker, node: ts.ElementAccessExpression): boolean {
  const array = skipOuter(node.expression);
  const index = skipOuter(node.argumentExpression);
  if (!ts.isIdentifier(array) || !ts.isBinaryExpression(index)) return false;
  if (index.operatorToken.kind !== ts.SyntaxKind.MinusToken) return false;
  const subtrahend = skipOuter(index.right);
  if (!ts.isNumericLiteral(subtrahend) || subtrahend.text !== '1') return false;
  const length = skipOuter(index.left);
  if (!ts.isPropertyAccessExpression(length) || length.name.text !== 'length') return false;
  const owner = skipOuter(length.expression);
  if (!ts.isIdentifier(owner) || owner.text !== array.text) return false;
  const value = declaredValue(checker, array);
  return value !== undefined && splitsAtSlash(value);
}
