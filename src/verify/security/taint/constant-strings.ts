import ts from 'typescript';
import { propertyOf, skipOuter } from './file-facts.js';

const maxValues = 8;
const maxDepth = 5;

/** The symbol a name refers to; in JavaScript `const x = require('m')` is an alias with no value declaration. */
function symbolOf(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Symbol | undefined {
  return checker.getSymbolAtLocation(identifier);
}

/** Every value assigned to a variable after its declaration, in the file (`x = 'a'`, `x = 'b', y = 'c'`). */
function assignedValues(checker: ts.TypeChecker, symbol: ts.Symbol, within: ts.Node): ts.Expression[] {
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(skipOuter(node.left)) &&
      symbolOf(checker, skipOuter(node.left) as ts.Identifier) === symbol
    )
      values.push(node.right);
    ts.forEachChild(node, visit);
  };
  visit(within);
  return values;
}

/** The expressions a local function returns, nested functions' returns aside. */
function returnedBy(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const returned: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node)) {
      if (node.expression) returned.push(node.expression);
    } else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return returned;
}

function combine(left: string[] | undefined, right: string[] | undefined): string[] | undefined {
  if (!left || !right) return undefined;
  const values = left.flatMap((first) => right.map((second) => first + second));
  return values.length > maxValues ? undefined : values;
}

function merge(lists: (string[] | undefined)[]): string[] | undefined {
  if (lists.length === 0 || lists.some((list) => list === undefined)) return undefined;
  const values = [...new Set(lists.flat() as string[])];
  return values.length > maxValues ? undefined : values;
}

/** The objects an expression can be: an object literal, directly, held in a constant, or returned by a local function. */
/** The local function a call runs, when its callee names one. */
function localFunctionCalled(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): ts.FunctionLikeDeclaration | undefined {
  const callee = skipOuter(call.expression);
  const declaration = ts.isIdentifier(callee) ? symbolOf(checker, callee)?.valueDeclaration : undefined;
  const fn =
    declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? skipOuter(declaration.initializer)
      : declaration;
  return fn && (ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))
    ? fn
    : undefined;
}

function objectsOf(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  depth: number,
): ts.Expression[] | undefined {
  if (depth > maxDepth) return undefined;
  const inner = skipOuter(expression);
  if (ts.isObjectLiteralExpression(inner)) return [inner];
  if (ts.isIdentifier(inner)) {
    const declaration = symbolOf(checker, inner)?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      return objectsOf(checker, declaration.initializer, depth + 1);
    return undefined;
  }
  if (ts.isCallExpression(inner)) {
    const fn = localFunctionCalled(checker, inner);
    if (!fn) return undefined;
    const lists = returnedBy(fn).map((returned) => objectsOf(checker, returned, depth + 1));
    if (lists.length === 0 || lists.some((list) => list === undefined)) return undefined;
    return lists.flat() as ts.Expression[];
  }
  return undefined;
}

/**
 * Every string an expression can hold when code alone decides it — literals, their concatenation,
 * a variable only ever given such values, a property of a constant object or of what a local function
 * returns — or undefined when data can reach it.
 */
export function constantStrings(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  depth = 0,
): string[] | undefined {
  if (depth > maxDepth) return undefined;
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return [inner.text];
  if (ts.isTemplateExpression(inner)) {
    let values: string[] | undefined = [inner.head.text];
    for (const span of inner.templateSpans) {
      values = combine(values, constantStrings(checker, span.expression, depth + 1));
      values = combine(values, [span.literal.text]);
    }
    return values;
  }
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return combine(
      constantStrings(checker, inner.left, depth + 1),
      constantStrings(checker, inner.right, depth + 1),
    );
  if (ts.isConditionalExpression(inner))
    return merge([
      constantStrings(checker, inner.whenTrue, depth + 1),
      constantStrings(checker, inner.whenFalse, depth + 1),
    ]);
  if (ts.isIdentifier(inner)) {
    const symbol = symbolOf(checker, inner);
    const declaration = symbol?.valueDeclaration;
    if (!symbol || !declaration || !ts.isVariableDeclaration(declaration)) return undefined;
    const sources = assignedValues(checker, symbol, declaration.getSourceFile());
    if (declaration.initializer) sources.push(declaration.initializer);
    return merge(sources.map((source) => constantStrings(checker, source, depth + 1)));
  }
  // `getShell()`: a local function that only ever returns constants.
  if (ts.isCallExpression(inner)) {
    const fn = localFunctionCalled(checker, inner);
    const returned = fn ? returnedBy(fn) : [];
    if (returned.length === 0) return undefined;
    return merge(returned.map((value) => constantStrings(checker, value, depth + 1)));
  }
  if (ts.isPropertyAccessExpression(inner)) {
    const objects = objectsOf(checker, inner.expression, depth + 1);
    if (!objects) return undefined;
    return merge(
      objects.map((object) => {
        const property = propertyOf(object, inner.name.text);
        return property ? constantStrings(checker, property, depth + 1) : undefined;
      }),
    );
  }
  return undefined;
}
