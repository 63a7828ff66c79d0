import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import type { FunctionLike } from './function-summary.js';
import { functionOfValue } from './function-values.js';
import { clean, type Tainted, union, withFlags } from './taint-value.js';

/** For one callback parameter of a function: which of the function's parameters each callback argument comes from. */
type ArgumentSources = ReadonlyArray<ReadonlySet<number>>;

const sourcesByFunction = new WeakMap<FunctionLike, Map<number, ArgumentSources>>();

/** The parameter an argument reads from: `items` of `items[index++]`, `job` of `job.name`. */
function rootParameter(
  checker: ts.TypeChecker,
  argument: ts.Expression,
  parameters: ReadonlyMap<ts.Symbol, number>,
): number | undefined {
  let inner = skipOuter(argument);
  while (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner))
    inner = skipOuter(inner.expression);
  if (!ts.isIdentifier(inner)) return undefined;
  const symbol = checker.getSymbolAtLocation(inner);
  return symbol ? parameters.get(symbol) : undefined;
}

/** Every call of the function's parameter at `callbackIndex` in its body, closures included, mapped back to parameters. */
function argumentSources(checker: ts.TypeChecker, fn: FunctionLike, callbackIndex: number): ArgumentSources {
  let byIndex = sourcesByFunction.get(fn);
  const known = byIndex?.get(callbackIndex);
  if (known) return known;
  const parameters = new Map<ts.Symbol, number>();
  fn.parameters.forEach((parameter, index) => {
    const symbol = ts.isIdentifier(parameter.name) ? checker.getSymbolAtLocation(parameter.name) : undefined;
    if (symbol) parameters.set(symbol, index);
  });
  const callbackName = fn.parameters[callbackIndex]?.name;
  const callback =
    callbackName && ts.isIdentifier(callbackName) ? checker.getSymbolAtLocation(callbackName) : undefined;
  const sources: Set<number>[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(skipOuter(node.expression))) {
      const called = checker.getSymbolAtLocation(skipOuter(node.expression));
      if (callback && called === callback)
        node.arguments.forEach((argument, position) => {
          const from = rootParameter(checker, argument, parameters);
          if (from === undefined || from === callbackIndex) return;
          sources[position] ??= new Set();
          sources[position]?.add(from);
        });
    }
    ts.forEachChild(node, visit);
  };
  if (callback && fn.body) visit(fn.body);
  const result = Array.from({ length: sources.length }, (_, index) => sources[index] ?? new Set<number>());
  byIndex ??= new Map();
  byIndex.set(callbackIndex, result);
  sourcesByFunction.set(fn, byIndex);
  return result;
}

/**
 * What a project function hands a callback it was given (`each(items, (item) => …)` whose body calls
 * `iterator(items[i])`): each callback parameter gets the taint of the function's parameter its
 * argument reads, one element or field of it. Undefined when the callee is not a project function
 * that calls the callback with its own parameters.
 */
export function higherOrderInputs(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
  callbackIndex: number,
  argumentsTaint: readonly Tainted[],
): Tainted[] | undefined {
  const fn = functionOfValue(checker, call.expression);
  if (!fn || fn === skipOuter(call.arguments[callbackIndex] ?? call.expression)) return undefined;
  const sources = argumentSources(checker, fn, callbackIndex);
  if (sources.every((from) => from.size === 0)) return undefined;
  return sources.map((from) =>
    withFlags(union(...[...from].map((index) => argumentsTaint[index] ?? clean)), { container: false }),
  );
}
