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

/** The declarations of the symbol a call's callee names (through an import), without type-only ones. */
function calleeDeclarations(checker: ts.TypeChecker, call: ts.CallExpression): ts.Declaration[] {
  const callee = call.expression;
  const named = ts.isPropertyAccessExpression(callee)
    ? callee.name
    : ts.isIdentifier(callee)
      ? callee
      : undefined;
  let symbol = named ? checker.getSymbolAtLocation(named) : undefined;
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return (symbol?.declarations ?? []).filter((declaration) => !isTypeOnly(declaration));
}

/**
 * Whether a call's resolved signature would be a package's declaration returning nothing (void,
 * undefined, never), read from the declared return types of the callee's declarations when they
 * settle it: false for the project's own functions and for declared returns no instantiation can
 * turn into nothing. Undefined when only the resolved signature can tell (generic or union
 * returns, overloads that differ, callees without a symbol).
 */
export function declaredReturnsNothing(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): boolean | undefined {
  const declarations = calleeDeclarations(checker, call);
  if (declarations.length === 0 || !declarations.every(declaresOwnSignature)) return undefined;
  const inDeclarationFiles = declarations.filter(
    (declaration) => declaration.getSourceFile().isDeclarationFile,
  );
  if (inDeclarationFiles.length === 0) return false;
  if (inDeclarationFiles.length < declarations.length) return undefined;
  const nothing = ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never;
  const open = ts.TypeFlags.Instantiable | ts.TypeFlags.UnionOrIntersection;
  let returningNothing = 0;
  for (const declaration of declarations) {
    if (!ts.isFunctionLike(declaration)) return undefined;
    const signature = checker.getSignatureFromDeclaration(declaration);
    if (!signature) return undefined;
    const flags = checker.getReturnTypeOfSignature(signature).flags;
    if (flags & open) return undefined;
    if (flags & nothing) returningNothing += 1;
  }
  if (returningNothing === 0) return false;
  return returningNothing === declarations.length ? true : undefined;
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
  const declarations = calleeDeclarations(checker, call);
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
