import ts from 'typescript';
import { asLoop, enclosingLoops, visitAll } from './loops.js';
import { expressionKey, type PerformanceProblem, performanceRules } from './performance-problem.js';

/** Methods that scan an array from the start on every call, with no callback to see as a loop. */
const scanMethods = new Set(['includes', 'indexOf', 'lastIndexOf']);

/** The collection a node walks through: an inner loop, a callback method or a linear lookup. */
function scannedCollection(
  node: ts.Node,
  sourceFile: ts.SourceFile,
): { key: string; at: ts.Node } | undefined {
  const loop = asLoop(node, sourceFile);
  if (loop?.collection) {
    const at = loop.kind === 'callback' && node.parent ? node.parent : node;
    return { key: loop.collection, at };
  }
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    scanMethods.has(node.expression.name.text)
  )
    return { key: expressionKey(node.expression.expression, sourceFile), at: node };
  return undefined;
}

/**
 * Quadratic work: a loop, or a linear search (`find`, `includes`, `indexOf`…), over a collection
 * inside a loop over the same collection, which grows as the square of its length (CWE-407).
 */
export function findNestedLoops(sourceFile: ts.SourceFile): PerformanceProblem[] {
  const problems: PerformanceProblem[] = [];
  const reported = new Set<ts.Node>();
  visitAll(sourceFile, (node) => {
    const inner = scannedCollection(node, sourceFile);
    if (!inner || reported.has(inner.at)) return;
    const outer = enclosingLoops(inner.at, sourceFile).find(
      (loop) => loop.collection === inner.key && loop.node !== node,
    );
    if (!outer) return;
    reported.add(inner.at);
    const lookup =
      ts.isCallExpression(inner.at) && ts.isPropertyAccessExpression(inner.at.expression)
        ? inner.at.expression.name.text
        : undefined;
    problems.push({
      ruleId: performanceRules.nestedLoop,
      node: inner.at,
      message: `${lookup ? `\`${inner.key}.${lookup}(…)\` searches` : 'A loop walks'} ${inner.key} inside a loop over ${inner.key}: the work grows with the square of its length.`,
      hint: `Index ${inner.key} once before the loop (a Set of its values or a Map by key) and look elements up in constant time; for pairs, sort first or group by key.`,
    });
  });
  return problems;
}
