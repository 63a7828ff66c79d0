import ts from 'typescript';
import { skipOuter } from './file-facts.js';

/** Plugins that make a unified (remark, rehype) pipeline's HTML output safe: they drop what could run. */
const sanitisingPlugins = new Set(['rehype-sanitize', 'hast-util-sanitize', 'rehype-dompurify']);

/** The package a name was imported or required from, read from its declaration. */
function importedPackage(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (!ts.isIdentifier(inner)) return undefined;
  const declaration = checker.getSymbolAtLocation(inner)?.declarations?.[0];
  if (!declaration) return undefined;
  let specifier: ts.Expression | undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = skipOuter(declaration.initializer);
    if (ts.isCallExpression(initializer) && ts.isIdentifier(initializer.expression))
      specifier = initializer.expression.text === 'require' ? initializer.arguments[0] : undefined;
  } else if (ts.isImportClause(declaration)) specifier = declaration.parent.moduleSpecifier;
  else if (ts.isNamespaceImport(declaration) || ts.isImportSpecifier(declaration))
    specifier = ts.isImportSpecifier(declaration)
      ? declaration.parent.parent.parent.moduleSpecifier
      : declaration.parent.parent.moduleSpecifier;
  return specifier && ts.isStringLiteralLike(specifier) ? specifier.text : undefined;
}

/** `remark().use(sanitize).processSync(text)`: a pipeline that runs a sanitising plugin somewhere before it renders. */
export function sanitisingPipeline(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  let current = skipOuter(receiver);
  for (let depth = 0; depth < 20 && ts.isCallExpression(current); depth += 1) {
    const callee = current.expression;
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const plugin = current.arguments[0];
    if (callee.name.text === 'use' && plugin) {
      const module = importedPackage(checker, plugin);
      if (module && sanitisingPlugins.has(module)) return true;
    }
    current = skipOuter(callee.expression);
  }
  return false;
}
