import ts from 'typescript';
import { skipOuter } from './file-facts.js';

/** Methods whose callback gets a handle of the same package: pg-promise's `db.task(t => …)`, `db.tx(t => …)`. */
const handleCallbackMethods = new Set(['task', 'tx', 'taskIf', 'txIf']);

/**
 * Whether an untyped value was made, through calls, `new`, member reads and handle callbacks, from a
 * package's export: `const pgp = require('pg-promise')(); const db = pgp(url)` makes `db` pg-promise's
 * database, `new ssh2.Client()` an ssh2 client.
 */
export function madeFromPackage(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  module: string,
  depth = 0,
): boolean {
  if (depth > 6) return false;
  const inner = skipOuter(expression);
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
    const callee = skipOuter(inner.expression);
    const argument = inner.arguments?.[0];
    if (ts.isIdentifier(callee) && callee.text === 'require' && argument && ts.isStringLiteralLike(argument))
      return argument.text === module;
    return madeFromPackage(checker, callee, module, depth + 1);
  }
  if (ts.isPropertyAccessExpression(inner))
    return madeFromPackage(checker, inner.expression, module, depth + 1);
  if (!ts.isIdentifier(inner)) return false;
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
    return ts.isStringLiteral(specifier) && specifier.text === module;
  }
  if (declaration && ts.isParameter(declaration))
    return isHandleCallbackParameter(checker, declaration, module, depth);
  if (declaration && ts.isBindingElement(declaration)) {
    const pattern = declaration.parent.parent;
    return (
      ts.isVariableDeclaration(pattern) &&
      !!pattern.initializer &&
      madeFromPackage(checker, pattern.initializer, module, depth + 1)
    );
  }
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  return madeFromPackage(checker, declaration.initializer, module, depth + 1);
}

/** The first parameter of a callback given to a handle's `task`/`tx`: a handle of the same package. */
function isHandleCallbackParameter(
  checker: ts.TypeChecker,
  parameter: ts.ParameterDeclaration,
  module: string,
  depth: number,
): boolean {
  const fn = parameter.parent;
  if (fn.parameters[0] !== parameter) return false;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
  const callee = skipOuter(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    handleCallbackMethods.has(callee.name.text) &&
    madeFromPackage(checker, callee.expression, module, depth + 1)
  );
}
