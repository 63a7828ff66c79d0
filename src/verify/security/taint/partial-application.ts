import ts from 'typescript';
import { resolveCallee, skipOuter } from './file-facts.js';
import type { FunctionLike } from './function-summary.js';
import { functionOfValue } from './function-values.js';
import { packageOfValue } from './package-values.js';
import { clean, type Tainted, withFlags } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Utility libraries whose `partial` fixes leading arguments: `partial(fn, a, b)`. */
const partialLibraries = new Set(['lodash', 'lodash-es', 'underscore']);
/** How many `const` hops an expression is followed back to the partial application that made it. */
const maxHops = 3;

/** A function with some of its leading arguments fixed: what it calls and what it adds first. */
export interface PartialApplication {
  fn: FunctionLike;
  /** The taint of each fixed argument, in order, before the arguments of the call. */
  fixed: Tainted[];
}

/** The export a library call names: `partial` of `_.partial`, of `import { partial }`, of `require('lodash/partial')`. */
function libraryFunction(
  walk: WalkState,
  callee: ts.Expression,
): { module: string; name: string } | undefined {
  const module = packageOfValue(walk.checker, callee);
  if (!module) return undefined;
  const single = /^(lodash(?:-es)?)[/.](\w+)$/.exec(module);
  if (single?.[1] && single[2]) return { module: single[1], name: single[2] };
  const resolved = resolveCallee(walk.facts, callee);
  return resolved ? { module, name: resolved.name } : undefined;
}

function application(walk: WalkState, call: ts.CallExpression): PartialApplication | undefined {
  const callee = skipOuter(call.expression);
  // `fn.bind(self, a)`: `self` is the receiver, `a` the first argument.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind' && call.arguments.length > 1) {
    const fn = functionOfValue(walk.checker, callee.expression);
    return fn && { fn, fixed: call.arguments.slice(1).map((argument) => walk.evaluateQuietly(argument)) };
  }
  const library = libraryFunction(walk, callee);
  const [target, ...rest] = call.arguments;
  if (!library || !target) return undefined;
  const fn = functionOfValue(walk.checker, target);
  if (!fn) return undefined;
  if (partialLibraries.has(library.module) && library.name === 'partial')
    return { fn, fixed: rest.map((argument) => walk.evaluateQuietly(argument)) };
  // lodash's and underscore's `bind(fn, self, a)` fix arguments after the receiver.
  if (partialLibraries.has(library.module) && library.name === 'bind' && rest.length > 1)
    return { fn, fixed: rest.slice(1).map((argument) => walk.evaluateQuietly(argument)) };
  // Ramda's `partial(fn, [a, b])` takes the fixed arguments as one list.
  if (library.module === 'ramda' && library.name === 'partial' && rest[0]) {
    const list = skipOuter(rest[0]);
    if (ts.isArrayLiteralExpression(list))
      return { fn, fixed: list.elements.map((element) => walk.evaluateQuietly(element)) };
    const whole = withFlags(walk.evaluateQuietly(list), { container: false });
    return { fn, fixed: fn.parameters.map(() => whole) };
  }
  return undefined;
}

/**
 * The function and fixed arguments a value stands for when it was made by partial application
 * (`fn.bind(null, a)`, lodash's or underscore's `partial(fn, a)`, Ramda's `partial(fn, [a])`), written
 * in place or held in a `const`; undefined for any other value.
 */
export function partialApplicationOf(
  walk: WalkState,
  expression: ts.Expression,
): PartialApplication | undefined {
  let inner = skipOuter(expression);
  for (let hop = 0; hop < maxHops && ts.isIdentifier(inner); hop++) {
    const declaration = walk.checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (declaration.getSourceFile() !== inner.getSourceFile()) return undefined;
    inner = skipOuter(declaration.initializer);
  }
  return ts.isCallExpression(inner) ? application(walk, inner) : undefined;
}

/** The arguments a partially applied function's body gets: the fixed ones, then those of the call. */
export function withFixedArguments(
  partial: PartialApplication,
  argumentsTaint: readonly Tainted[],
): Tainted[] {
  return [...partial.fixed.map((value) => value ?? clean), ...argumentsTaint];
}
