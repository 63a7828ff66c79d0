import ts from 'typescript';
import { skipOuter } from '../taint/file-facts.js';

/** Whether a variable declared with `let` or `var` is never assigned again in its file. */
function neverReassigned(checker: ts.TypeChecker, declaration: ts.VariableDeclaration): boolean {
  if (!ts.isIdentifier(declaration.name)) return false;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  const name = declaration.name.text;
  let reassigned = false;
  const visit = (node: ts.Node): void => {
    if (reassigned) return;
    const target =
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
        ? node.left
        : ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)
          ? node.operand
          : undefined;
    if (
      target &&
      ts.isIdentifier(target) &&
      target.text === name &&
      checker.getSymbolAtLocation(target) === symbol
    )
      reassigned = true;
    ts.forEachChild(node, visit);
  };
  visit(declaration.getSourceFile());
  return !reassigned;
}

/**
 * Whether a value is fixed in the source: a literal, a buffer or encoded text of literal bytes or
 * zeros, or a variable that holds one and is never assigned again.
 */
export function isStaticBytes(
  checker: ts.TypeChecker,
  expression: ts.Expression | undefined,
  depth = 0,
): boolean {
  if (!expression) return false;
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return true;
  if (ts.isArrayLiteralExpression(inner))
    return inner.elements.every((element) => ts.isNumericLiteral(skipOuter(element)));
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
    const callee = inner.expression.getText();
    const callArguments = inner.arguments ?? [];
    if (/^Buffer\.(from|alloc)$/.test(callee)) {
      if (callee === 'Buffer.alloc')
        return (
          callArguments.length >= 1 &&
          callArguments
            .slice(1)
            .every(
              (argument) =>
                ts.isNumericLiteral(skipOuter(argument)) || ts.isStringLiteralLike(skipOuter(argument)),
            )
        );
      return callArguments.length > 0 && isStaticBytes(checker, callArguments[0], depth + 1);
    }
    // `new TextEncoder().encode('…')`: the bytes of a fixed text.
    if (/^new TextEncoder\(\)\.encode$/.test(callee.replace(/\s+/g, ' ')))
      return callArguments.length > 0 && isStaticBytes(checker, callArguments[0], depth + 1);
    if (/^(Uint8Array|Buffer)$/.test(callee) && ts.isNewExpression(inner))
      return callArguments.every(
        (argument) => ts.isNumericLiteral(skipOuter(argument)) || isStaticBytes(checker, argument, depth + 1),
      );
    return false;
  }
  if (ts.isIdentifier(inner) && depth < 3) {
    const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const || neverReassigned(checker, declaration))
    )
      return isStaticBytes(checker, declaration.initializer, depth + 1);
  }
  return false;
}
