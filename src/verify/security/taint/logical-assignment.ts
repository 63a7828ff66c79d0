import ts from 'typescript';
import { assign } from './expression-evaluator.js';
import { referenceKey } from './taint-env.js';
import { clean, type Tainted, union } from './taint-value.js';
import type { WalkState } from './walk-state.js';

const logicalOperators = new Set([
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** True for `||=`, `??=` and `&&=`, whose right side runs only for some values of the left. */
export function isLogicalAssignment(operator: ts.SyntaxKind): boolean {
  return logicalOperators.has(operator);
}

/**
 * `x ||= y` and `x ??= y` run `y` only while `x` is falsy or nullish, which carries no attack, and keep a
 * truthy `x`; `x &&= y` runs `y` only while `x` is truthy and leaves `x` either falsy or `y`.
 */
export function evaluateLogicalAssignment(walk: WalkState, node: ts.BinaryExpression): Tainted {
  const operator = node.operatorToken.kind;
  const previous = walk.evaluateQuietly(node.left);
  const key = referenceKey(walk.checker, node.left);
  const branch = walk.environment.clone();
  if (key && operator !== ts.SyntaxKind.AmpersandAmpersandEqualsToken) branch.set(key, clean);
  const value = walk.inBranch(branch, () => walk.evaluate(node.right));
  const kept = operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken ? clean : previous;
  const result = union(kept, value);
  assign(walk, node.left, result, ts.SyntaxKind.EqualsToken);
  return result;
}
