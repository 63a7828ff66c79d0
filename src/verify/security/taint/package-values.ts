import ts from 'typescript';
import { normaliseModule, skipOuter } from './file-facts.js';

/** How many declarations a value is followed back through before the analysis gives up. */
const maxSteps = 6;

/** The module a loader call names: `require('x')`, `import('x')`, Closure's `goog.require('x')`. */
function loadedModule(call: ts.CallExpression): string | undefined {
  const argument = call.arguments[0];
  if (!argument || !ts.isStringLiteralLike(argument)) return undefined;
  const callee = skipOuter(call.expression);
  const loads =
    callee.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(callee) && callee.text === 'require') ||
    (ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'require' &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'goog');
  return loads ? normaliseModule(argument.text) : undefined;
}

/** The call a callback is handed to, when the function is one of its arguments. */
function callTakingCallback(fn: ts.SignatureDeclaration): ts.CallExpression | undefined {
  let node: ts.Node = fn;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return parent && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)
    ? parent
    : undefined;
}

/** The module an import binds a name from: `import x from 'm'`, `import { x } from 'm'`, `import * as x from 'm'`, `import x = require('m')`. */
function importedModule(declaration: ts.Declaration): string | undefined {
  let node: ts.Node = declaration;
  while (
    node &&
    !ts.isImportDeclaration(node) &&
    !ts.isImportEqualsDeclaration(node) &&
    !ts.isSourceFile(node)
  )
    node = node.parent;
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
    return normaliseModule(node.moduleSpecifier.text);
  if (
    ts.isImportEqualsDeclaration(node) &&
    ts.isExternalModuleReference(node.moduleReference) &&
    ts.isStringLiteral(node.moduleReference.expression)
  )
    return normaliseModule(node.moduleReference.expression.text);
  return undefined;
}

function fromIdentifier(
  checker: ts.TypeChecker,
  identifier: ts.Identifier,
  steps: number,
): string | undefined {
  const symbol = checker.getSymbolAtLocation(identifier);
  const [first] = symbol?.declarations ?? [];
  const imported =
    first &&
    (ts.isImportClause(first) ||
      ts.isImportSpecifier(first) ||
      ts.isNamespaceImport(first) ||
      ts.isImportEqualsDeclaration(first))
      ? importedModule(first)
      : undefined;
  if (imported) return /^[./]/.test(imported) ? undefined : imported;
  // A CommonJS `require` in JavaScript binds an alias, declared but without a value declaration.
  const declaration = symbol?.valueDeclaration ?? first;
  if (!declaration || declaration.getSourceFile() !== identifier.getSourceFile()) return undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer)
    return packageOfValue(checker, declaration.initializer, steps + 1);
  // `const { render } = require('m')`: a member of what the whole pattern is bound to.
  if (ts.isBindingElement(declaration)) {
    let pattern: ts.Node = declaration.parent;
    while (
      ts.isBindingElement(pattern.parent) ||
      ts.isObjectBindingPattern(pattern.parent) ||
      ts.isArrayBindingPattern(pattern.parent)
    )
      pattern = pattern.parent;
    const holder = pattern.parent;
    if (holder && ts.isVariableDeclaration(holder) && holder.initializer)
      return packageOfValue(checker, holder.initializer, steps + 1);
  }
  // A callback's parameter holds what the call it is handed to produces: `connect(options, (client) => …)`, `.then((client) => …)`.
  if (ts.isParameter(declaration) && ts.isFunctionLike(declaration.parent)) {
    const call = callTakingCallback(declaration.parent);
    return call ? packageOfValue(checker, call.expression, steps + 1) : undefined;
  }
  return undefined;
}

/**
 * The package a value comes from: an import, a `require`, or a local value made from one — an
 * instance (`new showdown.Converter()`), a call's result (`await launch()`), a member, or what a
 * package hands its callback. Undefined for the project's own modules and values of unknown origin.
 */
export function packageOfValue(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  steps = 0,
): string | undefined {
  if (steps > maxSteps) return undefined;
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return fromIdentifier(checker, inner, steps);
  if (ts.isAwaitExpression(inner)) return packageOfValue(checker, inner.expression, steps);
  if (ts.isCallExpression(inner)) {
    const loaded = loadedModule(inner);
    if (loaded) return /^[./]/.test(loaded) ? undefined : loaded;
    return packageOfValue(checker, inner.expression, steps);
  }
  if (
    ts.isNewExpression(inner) ||
    ts.isPropertyAccessExpression(inner) ||
    ts.isElementAccessExpression(inner)
  )
    return packageOfValue(checker, inner.expression, steps);
  return undefined;
}

/** A Node-style callback: the call's last argument, taking an error and then a result. */
export function takesResultCallback(call: ts.CallExpression, fn: ts.SignatureDeclaration): boolean {
  const last = call.arguments[call.arguments.length - 1];
  return (
    last !== undefined && skipOuter(last) === fn && call.arguments.length > 1 && fn.parameters.length >= 2
  );
}
