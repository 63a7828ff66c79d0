import ts from 'typescript';

/** Rule ids of the performance check; each is documented in docs/verify.md. */
export const performanceRules = {
  awaitInLoop: 'performance/await-in-loop',
  queryInLoop: 'performance/query-in-loop',
  nestedLoop: 'performance/nested-loop',
  syncInHandler: 'performance/sync-in-handler',
  stringConcatInLoop: 'performance/string-concat-in-loop',
  regexBacktracking: 'performance/regex-backtracking',
  overBudget: 'performance/over-budget',
  benchmarkFailed: 'performance/benchmark-failed',
} as const;

export type PerformanceRuleId = (typeof performanceRules)[keyof typeof performanceRules];

/** What a rule reports; the check turns it into a finding with a range and a CWE. */
export interface PerformanceProblem {
  ruleId: PerformanceRuleId;
  node: ts.Node;
  message: string;
  hint: string;
}

/** Array methods that call their callback once per element, so the callback body is a loop body. */
export const iterationMethods: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** A callback passed to `collection.forEach(...)` and friends: the collection, or undefined. */
export function iteratedByCallback(node: ts.Node): ts.Expression | undefined {
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression))
    return undefined;
  if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
  return iterationMethods.has(call.expression.name.text) ? call.expression.expression : undefined;
}

/** The name a call is made by: `readFileSync` for both `fs.readFileSync(…)` and `readFileSync(…)`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Source text with whitespace dropped, so `items` and `items ` compare equal. */
export function expressionKey(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  return expression
    .getText(sourceFile)
    .replace(/\s+/g, '')
    .replace(/^this\./, '');
}
