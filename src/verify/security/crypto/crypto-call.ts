import ts from 'typescript';
import type { RuleProblem } from '../rule-problem.js';
import { type FileFacts, resolveCallee, shortText, skipOuter } from '../taint/file-facts.js';

/** A call as the crypto rules look at it. */
export interface CryptoCall {
  call: ts.CallExpression;
  /** The Node.js crypto function called (`createHash`, `pbkdf2Sync`), or undefined for any other call. */
  name: string | undefined;
  checker: ts.TypeChecker;
  facts: FileFacts;
}

/** One rule over calls; the rules run in a fixed order, so that a call's findings keep theirs. */
export type CryptoCallRule = (cryptoCall: CryptoCall) => RuleProblem[];

/** The Node.js crypto function a call invokes: imported from `crypto`, or called on the global `crypto`. */
export function cryptoFunctionName(facts: FileFacts, call: ts.CallExpression): string | undefined {
  const callee = resolveCallee(facts, call.expression);
  if (!callee) return undefined;
  if (callee.module === 'crypto') return callee.name;
  if (!callee.module && callee.receiver && /^crypto$/.test(shortText(callee.receiver, facts.sourceFile)))
    return callee.name;
  return undefined;
}

export function literalText(expression: ts.Expression | undefined): string | undefined {
  const inner = expression && skipOuter(expression);
  return inner && ts.isStringLiteralLike(inner) ? inner.text : undefined;
}

export function numberValue(expression: ts.Expression | undefined): number | undefined {
  const inner = expression && skipOuter(expression);
  if (inner && ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  return undefined;
}

/** Names around a node: the variable, property, function or assignment it belongs to, up to its statement. */
export function surroundingNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (
    let current: ts.Node | undefined = node;
    current && !ts.isSourceFile(current);
    current = current.parent
  ) {
    if (
      (ts.isVariableDeclaration(current) ||
        ts.isPropertyAssignment(current) ||
        ts.isPropertyDeclaration(current)) &&
      current.name
    )
      names.push(current.name.getText());
    if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.EqualsToken)
      names.push(current.left.getText());
    if (ts.isFunctionLike(current) && current.name) {
      names.push(current.name.getText());
      break;
    }
    if (ts.isFunctionLike(current)) {
      const parent = current.parent;
      if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
        names.push(parent.name.getText());
      break;
    }
    if (ts.isCallExpression(current) && current !== node) names.push(current.expression.getText());
  }
  return names;
}
