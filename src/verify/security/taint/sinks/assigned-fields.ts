import ts from 'typescript';
import { skipOuter } from '../file-facts.js';

/** Per file: the `name.field = …` targets, by the symbol of `name`. */
const targetsByFile = new WeakMap<ts.SourceFile, Map<ts.Symbol, ts.PropertyAccessExpression[]>>();

function assignmentTargets(
  checker: ts.TypeChecker,
  sourceFile: ts.SourceFile,
): Map<ts.Symbol, ts.PropertyAccessExpression[]> {
  const known = targetsByFile.get(sourceFile);
  if (known) return known;
  const targets = new Map<ts.Symbol, ts.PropertyAccessExpression[]>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      ts.isIdentifier(node.left.expression)
    ) {
      const symbol = checker.getSymbolAtLocation(node.left.expression);
      if (symbol) targets.set(symbol, [...(targets.get(symbol) ?? []), node.left]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  targetsByFile.set(sourceFile, targets);
  return targets;
}

/**
 * The fields of an options object that code sets after creating it (`options.url = target`), read
 * where the object is used: `options.url` as an expression stands for the field's value at that point.
 */
export function assignedFields(
  checker: ts.TypeChecker,
  object: ts.Expression,
  names: readonly string[],
): ts.Expression[] {
  const inner = skipOuter(object);
  if (!ts.isIdentifier(inner)) return [];
  const symbol = checker.getSymbolAtLocation(inner);
  if (!symbol) return [];
  const targets = assignmentTargets(checker, inner.getSourceFile()).get(symbol) ?? [];
  const seen = new Set<string>();
  return targets.filter((target) => {
    const name = target.name.text;
    if (!names.includes(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}
