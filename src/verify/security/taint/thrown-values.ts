import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { functionOfValue } from './function-values.js';
import { clean, type Tainted, union, withFlags } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** The throw statements of a body, those of nested functions aside. */
function throwsIn(body: ts.Node): ts.ThrowStatement[] {
  const found: ts.ThrowStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isThrowStatement(node)) found.push(node);
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** Whether an expression reads a given symbol anywhere inside it. */
function reads(checker: ts.TypeChecker, expression: ts.Node, symbol: ts.Symbol): boolean {
  if (ts.isIdentifier(expression) && checker.getSymbolAtLocation(expression) === symbol) return true;
  return ts.forEachChild(expression, (child) => reads(checker, child, symbol) || undefined) ?? false;
}

/** What a thrown expression carries: its own taint, or that of an error's message (`new Error(text)`). */
function thrownTaint(walk: WalkState, expression: ts.Expression): Tainted {
  const inner = skipOuter(expression);
  if (ts.isNewExpression(inner))
    return union(...(inner.arguments ?? []).map((argument) => walk.evaluateQuietly(argument)));
  return walk.evaluateQuietly(inner);
}

/** What a call into a project function throws, built from the arguments its parameters received. */
function thrownByCall(walk: WalkState, call: ts.CallExpression): Tainted {
  const fn = functionOfValue(walk.checker, call.expression);
  if (!fn?.body) return clean;
  const parts: Tainted[] = [];
  for (const thrown of throwsIn(fn.body)) {
    if (!thrown.expression) continue;
    fn.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index];
      if (!argument || !ts.isIdentifier(parameter.name)) return;
      const symbol = walk.checker.getSymbolAtLocation(parameter.name);
      if (symbol && reads(walk.checker, thrown.expression, symbol))
        parts.push(withFlags(walk.evaluateQuietly(argument), { combined: true, container: false }));
    });
  }
  return union(...parts);
}

/**
 * What a catch clause's variable can hold: values thrown in the try block, directly or by a project
 * function it calls with data (`validate(name)` throwing `` `${name} is not valid` ``).
 */
export function caughtTaint(walk: WalkState, tryBlock: ts.Block): Tainted {
  const parts: Tainted[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isThrowStatement(node) && node.expression) parts.push(thrownTaint(walk, node.expression));
    if (ts.isCallExpression(node)) parts.push(thrownByCall(walk, node));
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(tryBlock, visit);
  return union(...parts);
}
