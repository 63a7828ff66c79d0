import ts from 'typescript';
import { packageOfFile } from '../../recognise/index.js';

/**
 * A declaration whose call signatures are written right there: a function, a method or an overload
 * of one, or a `const f = () => …` whose type is its own initializer's.
 */
function declaresOwnSignature(declaration: ts.Declaration): boolean {
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isMethodSignature(declaration)
  )
    return true;
  return (
    ts.isVariableDeclaration(declaration) &&
    declaration.type === undefined &&
    declaration.initializer !== undefined &&
    (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
  );
}

/** Declarations that name a type only (an interface or alias merged with a value): no call resolves to them. */
function isTypeOnly(declaration: ts.Declaration): boolean {
  return ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration);
}

/**
 * A declaration of the function a call invokes, as the resolved signature's would place it: the
 * project's own function, or one package's declaration file. Read from the callee's symbol where
 * that settles it, because resolving the signature infers every argument, callback bodies
 * included, which is most of what the taint analysis costs on generic code; the checker's
 * resolved signature otherwise.
 */
export function signatureDeclaration(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): ts.Declaration | undefined {
  const callee = call.expression;
  const named = ts.isPropertyAccessExpression(callee)
    ? callee.name
    : ts.isIdentifier(callee)
      ? callee
      : undefined;
  let symbol = named ? checker.getSymbolAtLocation(named) : undefined;
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = (symbol?.declarations ?? []).filter((declaration) => !isTypeOnly(declaration));
  const [first] = declarations;
  if (first && declarations.every(declaresOwnSignature)) {
    const files = declarations.map((declaration) => declaration.getSourceFile());
    if (files.every((file) => !file.isDeclarationFile)) return first;
    const packages = new Set(
      files.map((file) => (file.isDeclarationFile ? packageOfFile(file.fileName) : '')),
    );
    if (files.every((file) => file.isDeclarationFile) && packages.size === 1) return first;
  }
  return checker.getResolvedSignature(call)?.declaration;
}
