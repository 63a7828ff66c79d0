import ts from 'typescript';
import { enclosingLoops, visitAll } from './loops.js';
import { type PerformanceProblem, performanceRules } from './performance-problem.js';

function isStringExpression(expression: ts.Expression | undefined): boolean {
  if (!expression) return false;
  if (ts.isStringLiteralLike(expression) || ts.isTemplateExpression(expression)) return true;
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression))
    return expression.expression.text === 'String';
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return isStringExpression(expression.left) || isStringExpression(expression.right);
  return false;
}

/** The declaration of a name in the scopes around a node, searched by text (no checker needed). */
function declarationOf(name: string, from: ts.Node): ts.VariableDeclaration | undefined {
  let scope: ts.Node | undefined = from.parent;
  while (scope) {
    let found: ts.VariableDeclaration | undefined;
    ts.forEachChild(scope, function look(child) {
      if (found) return;
      if (ts.isVariableStatement(child))
        for (const declaration of child.declarationList.declarations)
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name) found = declaration;
    });
    if (found) return found;
    scope = scope.parent;
  }
  return undefined;
}

function isStringVariable(declaration: ts.VariableDeclaration | undefined): boolean {
  if (!declaration) return false;
  if (declaration.type) return declaration.type.kind === ts.SyntaxKind.StringKeyword;
  return isStringExpression(declaration.initializer);
}

/**
 * A string built by `+=` inside a loop: each pass copies or re-links the whole string so far, and
 * the result is a deep rope that is slow to read (CWE-1046).
 */
export function findStringConcatInLoops(sourceFile: ts.SourceFile): PerformanceProblem[] {
  const problems: PerformanceProblem[] = [];
  visitAll(sourceFile, (node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.PlusEqualsToken) return;
    if (!ts.isIdentifier(node.left)) return;
    const loop = enclosingLoops(node, sourceFile)[0];
    if (!loop) return;
    const declaration = declarationOf(node.left.text, node);
    // A variable declared inside the loop starts again every pass.
    if (declaration && declaration.pos >= loop.body.pos && declaration.end <= loop.body.end) return;
    if (!isStringVariable(declaration) && !isStringExpression(node.right)) return;
    if (declaration && !isStringVariable(declaration) && declaration.initializer) return;
    problems.push({
      ruleId: performanceRules.stringConcatInLoop,
      node,
      message: `\`${node.left.text}\` is built by repeated += inside a loop.`,
      hint: `Collect the parts in an array and join them once after the loop (parts.push(…); parts.join('')), or write them to a stream.`,
    });
  });
  return problems;
}
