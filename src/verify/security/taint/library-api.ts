import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import type { FunctionLike } from './function-summary.js';

/** A function a caller outside the module can reach, and the name a finding gives it. */
export interface LibraryEntryPoint {
  fn: FunctionLike;
  /** `findUser`, or `createUserRepository().list` for a method of the object a factory returns. */
  name: string;
}

/** A function, method or accessor with a body to walk. */
export function isFunctionLikeWithBody(node: ts.Node): node is FunctionLike {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

function functionName(fn: FunctionLike): string {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  // `exports.search = function (…)` is `search`; `module.exports = function (…)` is the module's default.
  if (parent && ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left))
    return parent.left.getText() === 'module.exports' ? 'default' : parent.left.name.text;
  if (
    ts.isFunctionDeclaration(fn) &&
    ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)
  )
    return 'default';
  return ts.isExportAssignment(parent) ? 'default' : 'function';
}

function isExported(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    !!ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  );
}

function isPublicMethod(member: ts.ClassElement): member is ts.MethodDeclaration {
  const isPrivate = (ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined)?.some(
    (modifier) =>
      modifier.kind === ts.SyntaxKind.PrivateKeyword || modifier.kind === ts.SyntaxKind.ProtectedKeyword,
  );
  return (
    ts.isMethodDeclaration(member) && !!member.body && !isPrivate && !ts.isPrivateIdentifier(member.name)
  );
}

/** The expressions a function returns: an arrow's expression body, or its own `return`s (not nested functions'). */
function returnedExpressions(fn: FunctionLike): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const returned: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node)) {
      if (node.expression) returned.push(node.expression);
    } else if (!ts.isFunctionLike(node) && !ts.isClassLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return returned;
}

/**
 * The functions a file exports, for library mode: ESM exports, exported classes' public methods,
 * CommonJS exports, and the methods of an object literal an exported function returns — a factory
 * such as `createUserRepository(pool)` hands its caller those methods as its API.
 */
export function libraryEntryPoints(checker: ts.TypeChecker, sourceFile: ts.SourceFile): LibraryEntryPoint[] {
  const found = new Map<FunctionLike, string>();
  const seen = new Set<ts.Node>();

  const declarationOf = (identifier: ts.Identifier): ts.Declaration | undefined => {
    const symbol = ts.isShorthandPropertyAssignment(identifier.parent)
      ? checker.getShorthandAssignmentValueSymbol(identifier.parent)
      : checker.getSymbolAtLocation(identifier);
    return symbol?.valueDeclaration;
  };

  const add = (fn: FunctionLike, prefix: string): void => {
    if (found.has(fn)) return;
    const name = `${prefix}${functionName(fn)}`;
    found.set(fn, name);
    for (const expression of returnedExpressions(fn)) fromReturned(expression, `${name}().`);
  };

  const fromExpression = (expression: ts.Expression | undefined, prefix: string): void => {
    if (!expression || seen.has(expression)) return;
    seen.add(expression);
    const inner = skipOuter(expression);
    if (isFunctionLikeWithBody(inner)) add(inner, prefix);
    else if (ts.isIdentifier(inner)) {
      const declaration = declarationOf(inner);
      if (declaration && isFunctionLikeWithBody(declaration)) add(declaration, prefix);
      else if (declaration && ts.isVariableDeclaration(declaration))
        fromExpression(declaration.initializer, prefix);
    } else if (ts.isObjectLiteralExpression(inner)) {
      for (const property of inner.properties) {
        if (ts.isMethodDeclaration(property) && property.body) add(property, prefix);
        else if (ts.isPropertyAssignment(property)) fromExpression(property.initializer, prefix);
        else if (ts.isShorthandPropertyAssignment(property)) fromExpression(property.name, prefix);
      }
    }
  };

  /** What a function returns counts where it is an object literal, directly, frozen, or held in a variable. */
  const fromReturned = (expression: ts.Expression, prefix: string): void => {
    let inner = skipOuter(expression);
    if (
      ts.isCallExpression(inner) &&
      inner.expression.getText(sourceFile) === 'Object.freeze' &&
      inner.arguments[0]
    )
      inner = skipOuter(inner.arguments[0]);
    if (ts.isIdentifier(inner)) {
      const declaration = declarationOf(inner);
      if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return;
      inner = skipOuter(declaration.initializer);
    }
    if (ts.isObjectLiteralExpression(inner)) fromExpression(inner, prefix);
  };

  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.body) add(statement, '');
    else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations)
        fromExpression(declaration.initializer, '');
    } else if (ts.isClassDeclaration(statement) && isExported(statement)) {
      for (const member of statement.members) if (isPublicMethod(member)) add(member, '');
    } else if (ts.isExportAssignment(statement)) fromExpression(statement.expression, '');
    else if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements)
        fromExpression(
          element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name,
          '',
        );
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
      const left = statement.expression.left.getText(sourceFile);
      if (/^(module\.exports|exports)(\.\w+)?$/.test(left)) fromExpression(statement.expression.right, '');
    }
  }
  return [...found].map(([fn, name]) => ({ fn, name }));
}
