import ts from 'typescript';
import { visitAll } from './loops.js';
import { type PerformanceProblem, performanceRules } from './performance-problem.js';
import { findBacktracking } from './regex-backtracking.js';

/** A constant's string value: a literal, or a `const` in the same file initialised with one. */
function constantText(expression: ts.Expression | undefined, sourceFile: ts.SourceFile): string | undefined {
  if (!expression) return undefined;
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
    return expression.text;
  if (ts.isIdentifier(expression)) {
    let value: string | undefined;
    visitAll(sourceFile, (node) => {
      if (
        value === undefined &&
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === expression.text &&
        ts.isVariableDeclarationList(node.parent) &&
        (node.parent.flags & ts.NodeFlags.Const) !== 0 &&
        node.initializer &&
        (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))
      )
        value = node.initializer.text;
    });
    return value;
  }
  return undefined;
}

/** The pattern and flags of a regex literal or of `new RegExp(constant)` / `RegExp(constant)`. */
function patternOf(node: ts.Node, sourceFile: ts.SourceFile): { source: string; flags: string } | undefined {
  if (ts.isRegularExpressionLiteral(node)) {
    const text = node.text;
    const end = text.lastIndexOf('/');
    return { source: text.slice(1, end), flags: text.slice(end + 1) };
  }
  if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression)) {
    if (node.expression.text !== 'RegExp') return undefined;
    const [pattern, flags] = node.arguments ?? [];
    const source = constantText(pattern, sourceFile);
    if (source === undefined) return undefined;
    return { source, flags: constantText(flags, sourceFile) ?? '' };
  }
  return undefined;
}

/** Regular expressions whose matching time explodes on a crafted input (ReDoS, CWE-1333). */
export function findBacktrackingRegexes(sourceFile: ts.SourceFile): PerformanceProblem[] {
  const problems: PerformanceProblem[] = [];
  visitAll(sourceFile, (node) => {
    const pattern = patternOf(node, sourceFile);
    if (!pattern) return;
    const problem = findBacktracking(pattern.source, pattern.flags);
    if (!problem) return;
    problems.push({
      ruleId: performanceRules.regexBacktracking,
      node,
      message:
        problem.kind === 'nested-quantifier'
          ? `The regular expression repeats \`${problem.fragment}\`, whose body can match the same text in more than one way: a failing match backtracks exponentially (ReDoS).`
          : `The regular expression repeats \`${problem.fragment}\`, whose alternatives can match the same text: a failing match backtracks exponentially (ReDoS).`,
      hint: 'Make each repetition match one way only (no quantified group whose body is itself quantified over the same characters; alternatives that start differently), bound the input length first, or use a parser instead.',
    });
  });
  return problems;
}
