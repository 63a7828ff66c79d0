import ts from 'typescript';
import { skipOuter } from './file-facts.js';

/** Methods whose callback gets a handle of the same package: pg-promise's `db.task(t => …)`, `db.tx(t => …)`. */
const handleCallbackMethods = new Set(['task', 'tx', 'taskIf', 'txIf']);

/**
 * The package an untyped value was made from, through calls, `new`, `await`, member reads and handle
 * callbacks, from the package's export: `const pgp = require('pg-promise')(); const db = pgp(url)`
 * makes `db` pg-promise's database, `new ssh2.Client()` an ssh2 client. A variable declared without a
 * value takes the first assignment that names a package (`let pool; pool = await new mssql.ConnectionPool()`).
 */
export function packageOrigin(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  depth = 0,
): string | undefined {
  if (depth > 12) return undefined;
  if (depth === 0) {
    // Asked of every call's callee by several sink families; the answer reads only the file's own syntax.
    const known = originCache.get(expression);
    if (known !== undefined) return known ?? undefined;
    const origin = packageOrigin(checker, expression, 1);
    originCache.set(expression, origin ?? null);
    return origin;
  }
  let inner = skipOuter(expression);
  if (ts.isAwaitExpression(inner)) inner = skipOuter(inner.expression);
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
    const callee = skipOuter(inner.expression);
    const argument = inner.arguments?.[0];
    if (ts.isIdentifier(callee) && callee.text === 'require' && argument && ts.isStringLiteralLike(argument))
      return argument.text;
    return packageOrigin(checker, callee, depth + 1);
  }
  if (ts.isPropertyAccessExpression(inner)) return packageOrigin(checker, inner.expression, depth + 1);
  if (!ts.isIdentifier(inner)) return undefined;
  // In JavaScript `const x = require('m')` is an alias: its declaration is not a value declaration.
  const symbol = checker.getSymbolAtLocation(inner);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (
    declaration &&
    (ts.isImportClause(declaration) || ts.isImportSpecifier(declaration) || ts.isNamespaceImport(declaration))
  ) {
    const importDeclaration = ts.isImportClause(declaration)
      ? declaration.parent
      : ts.isNamespaceImport(declaration)
        ? declaration.parent.parent
        : declaration.parent.parent.parent;
    const specifier = importDeclaration.moduleSpecifier;
    return ts.isStringLiteral(specifier) ? specifier.text : undefined;
  }
  if (declaration && ts.isParameter(declaration)) return handleCallbackOrigin(checker, declaration, depth);
  if (declaration && ts.isBindingElement(declaration)) {
    const pattern = declaration.parent.parent;
    return ts.isVariableDeclaration(pattern) && pattern.initializer
      ? packageOrigin(checker, pattern.initializer, depth + 1)
      : undefined;
  }
  if (!declaration || !ts.isVariableDeclaration(declaration)) return undefined;
  if (declaration.initializer) return packageOrigin(checker, declaration.initializer, depth + 1);
  if (!symbol) return undefined;
  for (const assigned of assignedValues(checker, declaration, symbol)) {
    const origin = packageOrigin(checker, assigned, depth + 1);
    if (origin) return origin;
  }
  return undefined;
}

/** Whether an untyped value was made from a given package's export (see `packageOrigin`). */
export function madeFromPackage(checker: ts.TypeChecker, expression: ts.Expression, module: string): boolean {
  return packageOrigin(checker, expression) === module;
}

const originCache = new WeakMap<ts.Expression, string | null>();

/** Per declaration, the values assigned to it: the scan reads the whole scope, and the syntax does not change. */
const assignedValuesCache = new WeakMap<ts.VariableDeclaration, ts.Expression[]>();

/** The values a `let` or `var` declared without one is given by plain `=` assignments in its scope. */
function assignedValues(
  checker: ts.TypeChecker,
  declaration: ts.VariableDeclaration,
  symbol: ts.Symbol,
): ts.Expression[] {
  const known = assignedValuesCache.get(declaration);
  if (known) return known;
  const scope =
    ts.findAncestor(declaration, (node) => ts.isFunctionLike(node) || ts.isSourceFile(node)) ??
    declaration.getSourceFile();
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    // No assignment sits inside a type.
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      node.left.text === symbol.name &&
      checker.getSymbolAtLocation(node.left) === symbol
    )
      values.push(node.right);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  assignedValuesCache.set(declaration, values);
  return values;
}

/** The first parameter of a callback given to a handle's `task`/`tx`: a handle of the same package. */
function handleCallbackOrigin(
  checker: ts.TypeChecker,
  parameter: ts.ParameterDeclaration,
  depth: number,
): string | undefined {
  const fn = parameter.parent;
  if (fn.parameters[0] !== parameter) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && handleCallbackMethods.has(callee.name.text)
    ? packageOrigin(checker, callee.expression, depth + 1)
    : undefined;
}
