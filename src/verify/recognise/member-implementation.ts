import ts from 'typescript';
import { expressionKnowledge, type TypeKnowledge } from './declared-origin.js';

/**
 * What the project says about the function a call invokes: a body to read (`implemented`), only a
 * signature (an interface, a type literal, an ambient `declare`: the real thing lives elsewhere), or
 * nothing the checker can find.
 */
export type Implementation = 'implemented' | 'signature-only' | 'unresolved';

function hasBody(declaration: ts.Declaration): boolean {
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isFunctionExpression(declaration) ||
    ts.isArrowFunction(declaration)
  )
    return declaration.body !== undefined;
  if (
    (ts.isPropertyDeclaration(declaration) || ts.isVariableDeclaration(declaration)) &&
    declaration.initializer
  )
    return true;
  if (ts.isPropertyAssignment(declaration) || ts.isShorthandPropertyAssignment(declaration)) return true;
  return false;
}

/** Whether the member or function a callee names has a body in the project, or only a signature. */
export function implementationOf(checker: ts.TypeChecker, callee: ts.Expression): Implementation {
  const named = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  let symbol = checker.getSymbolAtLocation(named);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = symbol?.declarations ?? [];
  if (declarations.length === 0) return 'unresolved';
  return declarations.some(
    (declaration) => !declaration.getSourceFile().isDeclarationFile && hasBody(declaration),
  )
    ? 'implemented'
    : 'signature-only';
}

/**
 * What the checker knows of a method call's receiver, for deciding what the call does: a receiver
 * typed only by the project's own signatures (an interface for a database, `declare const db`) shows
 * no behaviour, so it counts as untyped and names decide, said as such.
 */
export function receiverKnowledge(checker: ts.TypeChecker, callee: ts.Expression): TypeKnowledge {
  const receiver =
    ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)
      ? callee.expression
      : callee;
  const knowledge = expressionKnowledge(checker, receiver);
  if (knowledge.kind === 'known' && implementationOf(checker, callee) === 'signature-only')
    return { kind: 'untyped' };
  return knowledge;
}
