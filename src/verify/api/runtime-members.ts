import ts from 'typescript';
import { isExternalSourceFile } from './api-finding.js';

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isIdentifier(node);
}

function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function isAssignment(node: ts.Node): node is ts.BinaryExpression {
  return (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

function addObjectLiteralNames(
  literal: ts.ObjectLiteralExpression,
  names: Set<string>,
  onlyFunctions: boolean,
): void {
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) continue;
    const isFunction =
      ts.isMethodDeclaration(property) ||
      ts.isShorthandPropertyAssignment(property) ||
      (ts.isPropertyAssignment(property) && isFunctionLike(property.initializer));
    if (onlyFunctions && !isFunction) continue;
    const name = propertyNameText(property.name);
    if (name) names.add(name);
  }
}

/** What one call adds to objects at run time, judged by the shape of its arguments. */
function addCallNames(call: ts.CallExpression, names: Set<string>): void {
  const [first, ...rest] = call.arguments;
  if (!first) return;
  // `assign(target, { … })`, `defineProperties(target, { … })`: the later objects are copied onto the first.
  if (!ts.isObjectLiteralExpression(first) && !ts.isStringLiteralLike(first)) {
    for (const argument of rest)
      if (ts.isObjectLiteralExpression(argument)) addObjectLiteralNames(argument, names, false);
  }
  // `register({ a() {}, b() {} })`: a map of functions handed over to become members.
  if (call.arguments.length === 1 && ts.isObjectLiteralExpression(first) && first.properties.length > 0) {
    const allFunctions = first.properties.every(
      (property) =>
        ts.isMethodDeclaration(property) ||
        (ts.isPropertyAssignment(property) && isFunctionLike(property.initializer)),
    );
    if (allFunctions) addObjectLiteralNames(first, names, true);
  }
  // `register('name', fn)` and `defineProperty(target, 'name', { get() {…} })`: a member named by a string.
  for (const [index, argument] of call.arguments.entries()) {
    const next = call.arguments[index + 1];
    if (!ts.isStringLiteralLike(argument) || !next) continue;
    if (ts.isFunctionExpression(next) || ts.isArrowFunction(next) || ts.isObjectLiteralExpression(next))
      names.add(argument.text);
  }
  // `virtual('name').get(fn)`: a member declared by name, its accessor passed to the next call.
  if (call.arguments.length === 1 && ts.isStringLiteralLike(first)) {
    const outer = call.parent;
    if (ts.isPropertyAccessExpression(outer) && ts.isCallExpression(outer.parent)) {
      if (outer.parent.arguments.some((argument) => isFunctionLike(argument))) names.add(first.text);
    }
  }
}

function collectFromFile(sourceFile: ts.SourceFile, names: Set<string>): void {
  const visit = (node: ts.Node): void => {
    if (isAssignment(node)) {
      const target = node.left;
      if (ts.isPropertyAccessExpression(target)) names.add(target.name.text);
      else if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression))
        names.add(target.argumentExpression.text);
    } else if (ts.isCallExpression(node)) {
      addCallNames(node, names);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

const cache = new WeakMap<ts.Program, ReadonlySet<string>>();

/**
 * Member names the project's own code adds to objects while it runs, in any of its files: expando
 * assignments (`error.status = 404`, `schema.statics.findByEmail = …`), objects copied onto others
 * (`Object.assign(Model.prototype, { … })`), and members registered by name or by a map of
 * functions (`schema.method('name', fn)`, `schema.static({ … })`, a plugin doing either). Such
 * members exist at run time though no declaration file lists them, so they are never reported.
 */
export function runtimeMemberNames(program: ts.Program): ReadonlySet<string> {
  const cached = cache.get(program);
  if (cached) return cached;
  const names = new Set<string>();
  for (const sourceFile of program.getSourceFiles()) {
    if (isExternalSourceFile(program, sourceFile)) continue;
    collectFromFile(sourceFile, names);
  }
  cache.set(program, names);
  return names;
}
