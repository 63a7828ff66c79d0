import ts from 'typescript';
import { shortText, skipOuter } from '../file-facts.js';
import type { SinkUse } from './sink-use.js';

/** Whether an object was made without a prototype (`Object.create(null)`), so no key reaches Object.prototype. */
function hasNullPrototype(checker: ts.TypeChecker, object: ts.Expression): boolean {
  const inner = skipOuter(object);
  if (!ts.isIdentifier(inner)) return false;
  const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
  const initializer =
    declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? skipOuter(declaration.initializer)
      : undefined;
  return (
    !!initializer &&
    ts.isCallExpression(initializer) &&
    initializer.expression.getText() === 'Object.create' &&
    initializer.arguments[0]?.kind === ts.SyntaxKind.NullKeyword
  );
}

const guardedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Whether the function around a write refuses the dangerous keys for a key held in a local: it
 * compares the key with `'__proto__'` (or `'constructor'`, `'prototype'`), or asks `hasOwnProperty`
 * / `Object.hasOwn` about it, anywhere before the write.
 */
export function refusesPrototypeKeys(checker: ts.TypeChecker, key: ts.Expression, write: ts.Node): boolean {
  const inner = skipOuter(key);
  if (!ts.isIdentifier(inner)) return false;
  const symbol = checker.getSymbolAtLocation(inner);
  const scope = ts.findAncestor(write, (node) => ts.isFunctionLike(node) || ts.isSourceFile(node));
  if (!symbol || !scope) return false;
  const isKey = (node: ts.Node): boolean =>
    ts.isIdentifier(skipOuter(node as ts.Expression)) &&
    checker.getSymbolAtLocation(skipOuter(node as ts.Expression)) === symbol;
  let refuses = false;
  const visit = (node: ts.Node): void => {
    if (refuses || node.getStart() > write.getStart()) return;
    if (ts.isBinaryExpression(node) && (isKey(node.left) || isKey(node.right))) {
      const other = isKey(node.left) ? node.right : node.left;
      if (ts.isStringLiteralLike(other) && guardedKeys.has(other.text)) refuses = true;
    }
    if (ts.isCallExpression(node) && node.arguments.some(isKey)) {
      const callee = skipOuter(node.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (name === 'hasOwnProperty' || name === 'hasOwn' || name === 'call') {
        if (name !== 'call' || /hasOwnProperty\.call$/.test(callee.getText())) refuses = true;
      }
      // `['__proto__', 'constructor'].includes(key)` and the like.
      if (name === 'includes' || name === 'has' || name === 'indexOf') {
        const list = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
        if (list && /__proto__|constructor|prototype/.test(list.getText())) refuses = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return refuses;
}

/**
 * A write through an object looked up by a computed key: `o[key].name = v` or `o[key][other] = v`.
 * With the key `'__proto__'`, `o[key]` is Object.prototype and the write reaches every object of the
 * process; the key is the sink. A write into `o[key]` itself (`o[key] = v`) only sets an own property.
 * Whether the code refuses the dangerous keys is asked apart (`refusesPrototypeKeys`), once the key is
 * known to carry outside data.
 */
export function prototypeAssignmentSink(
  checker: ts.TypeChecker,
  target: ts.Expression,
  sourceFile: ts.SourceFile,
): SinkUse | undefined {
  const inner = skipOuter(target);
  if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return undefined;
  const holder = skipOuter(inner.expression);
  if (!ts.isElementAccessExpression(holder)) return undefined;
  const key = skipOuter(holder.argumentExpression);
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return undefined;
  if (hasNullPrototype(checker, holder.expression)) return undefined;
  return { kind: 'prototype', value: key, label: `${shortText(inner, sourceFile)} =` };
}
