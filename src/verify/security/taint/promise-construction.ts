import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { clean, type Tainted, union } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** The `resolve` of each executor being walked, with what it was called with so far. */
const settling = new Map<ts.Symbol, Tainted>();

/** Whether a `new` expression builds the platform's own Promise, not a class of that name the project declares. */
function isPlatformPromise(checker: ts.TypeChecker, callee: ts.Expression): boolean {
  const inner = skipOuter(callee);
  if (!ts.isIdentifier(inner) || inner.text !== 'Promise') return false;
  const declarations = checker.getSymbolAtLocation(inner)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/**
 * `new Promise((resolve) => … resolve(value) …)`: the executor is walked where it is written, and the
 * promise holds what it is resolved with, so that `.then` and `await` hand that value on. Undefined
 * for any other construction.
 */
export function evaluatePromiseConstruction(walk: WalkState, node: ts.NewExpression): Tainted | undefined {
  if (!isPlatformPromise(walk.checker, node.expression)) return undefined;
  const executor = node.arguments?.[0] && skipOuter(node.arguments[0]);
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
  const resolveName = executor.parameters[0]?.name;
  const resolve =
    resolveName && ts.isIdentifier(resolveName) && walk.checker.getSymbolAtLocation(resolveName);
  for (const argument of node.arguments?.slice(1) ?? []) walk.evaluate(argument);
  if (!resolve) {
    walk.walkFunction(executor, []);
    return clean;
  }
  const outer = settling.get(resolve);
  settling.set(resolve, clean);
  try {
    walk.walkFunction(executor, []);
    return settling.get(resolve) ?? clean;
  } finally {
    if (outer) settling.set(resolve, outer);
    else settling.delete(resolve);
  }
}

/** A call of an executor's `resolve` being walked: its argument becomes the promise's value. */
export function noteSettledValue(
  walk: WalkState,
  node: ts.CallExpression,
  argumentsTaint: readonly Tainted[],
): void {
  if (settling.size === 0) return;
  const callee = skipOuter(node.expression);
  if (!ts.isIdentifier(callee)) return;
  const symbol = walk.checker.getSymbolAtLocation(callee);
  const known = symbol && settling.get(symbol);
  if (!symbol || known === undefined) return;
  const value = argumentsTaint[0] ?? clean;
  if (value.length > 0) settling.set(symbol, union(known, value));
}
