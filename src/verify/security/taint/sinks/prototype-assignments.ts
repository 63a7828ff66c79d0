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
 * Whether the function around a write refuses the dangerous keys: it compares the key with
 * `'__proto__'` (or `'constructor'`, `'prototype'`), or asks `hasOwnProperty` / `Object.hasOwn`
 * about it, before the write or in a loop around it (the check of one round guards the next).
 */
export function refusesPrototypeKeys(checker: ts.TypeChecker, key: ts.Expression, write: ts.Node): boolean {
  const inner = skipOuter(key);
  const symbol = ts.isIdentifier(inner) ? checker.getSymbolAtLocation(inner) : undefined;
  const scope = ts.findAncestor(write, (node) => ts.isFunctionLike(node) || ts.isSourceFile(node));
  if (!scope || (ts.isIdentifier(inner) && !symbol)) return false;
  // A local is the same key by its symbol; any other key (`parts[i]`, `req.params.id`) by its text.
  const keyText = inner.getText();
  const isKey = (node: ts.Node): boolean => {
    const candidate = skipOuter(node as ts.Expression);
    if (symbol) return ts.isIdentifier(candidate) && checker.getSymbolAtLocation(candidate) === symbol;
    return candidate.getText() === keyText;
  };
  // A check counts before the write, or anywhere in a loop around it, where one round guards the next.
  const loop = ts.findAncestor(write, (node) => node === scope || ts.isIterationStatement(node, false));
  const counts = (node: ts.Node): boolean =>
    node.getStart() < write.getStart() ||
    (!!loop && loop !== scope && node.getStart() >= loop.getStart() && node.getEnd() <= loop.getEnd());
  let refuses = false;
  const visit = (node: ts.Node): void => {
    if (refuses) return;
    if (!counts(node)) {
      ts.forEachChild(node, visit);
      return;
    }
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
 * A write through an object looked up by a computed key: `o[key].name = v`, `o[key][other] = v`,
 * or the same through a local the lookup was put in.
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
  const lookup = lookupOf(checker, skipOuter(inner.expression));
  if (!lookup) return undefined;
  const key = skipOuter(lookup.argumentExpression);
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return undefined;
  if (hasNullPrototype(checker, lookup.expression)) return undefined;
  return { kind: 'prototype', value: key, label: `${shortText(inner, sourceFile)} =` };
}

/**
 * The computed lookup a written object comes from: `o[key]` itself, or a local set to one in its
 * function (`const todo = todos[id]`, `node = node[part]` in a loop walking a path).
 */
function lookupOf(checker: ts.TypeChecker, holder: ts.Expression): ts.ElementAccessExpression | undefined {
  if (ts.isElementAccessExpression(holder)) return holder;
  if (!ts.isIdentifier(holder)) return undefined;
  const symbol = checker.getSymbolAtLocation(holder);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !ts.isVariableDeclaration(declaration)) return undefined;
  const asLookup = (value: ts.Expression | undefined): ts.ElementAccessExpression | undefined => {
    const inner = value && skipOuter(value);
    return inner && ts.isElementAccessExpression(inner) ? inner : undefined;
  };
  const initial = asLookup(declaration.initializer);
  if (initial) return initial;
  const scope = ts.findAncestor(declaration, (node) => ts.isFunctionLike(node) || ts.isSourceFile(node));
  let found: ts.ElementAccessExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      checker.getSymbolAtLocation(node.left) === symbol
    )
      found = asLookup(node.right);
    ts.forEachChild(node, visit);
  };
  if (scope) ts.forEachChild(scope, visit);
  return found;
}
