import ts from 'typescript';
import {
  type FileFacts,
  moduleOfObject,
  promisified,
  type ResolvedCallee,
  shortText,
  skipOuter,
} from './file-facts.js';
import type { FunctionLike } from './function-summary.js';
import { functionOfDeclaration, functionOfValue, invokeFunction, resolvedSymbol } from './function-values.js';
import { receiverOf } from './instance-state.js';
import { partialApplicationOf, withFixedArguments } from './partial-application.js';
import { clean, type Tainted, union, withFlags } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Array methods whose callback gets the elements as its first parameter. */
export const arrayCallbacks = new Set([
  'map',
  'forEach',
  'filter',
  'find',
  'findIndex',
  'flatMap',
  'some',
  'every',
  'findLast',
  'sort',
]);
/** Timers, with how many of their arguments come before those handed to the callback. */
const timerArguments = new Map([
  ['setTimeout', 2],
  ['setInterval', 2],
  ['setImmediate', 1],
  ['nextTick', 1],
  ['queueMicrotask', 1],
]);
const listenerMethods = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** How many functions an object's dynamic member call (`handlers[name](…)`) may stand for before it is left alone. */
const maxReflectedTargets = 16;

/**
 * What a call hands the callback at `callbackIndex`: an array's elements, a promise's value, a
 * timer's extra arguments; empty where the analysis does not know.
 */
export function callbackInputs(
  callee: ResolvedCallee | undefined,
  receiverTaint: Tainted,
  argumentsTaint: readonly Tainted[],
  callbackIndex: number,
): Tainted[] {
  if (!callee) return [];
  const elements = withFlags(receiverTaint, { container: false });
  if (callee.receiver && arrayCallbacks.has(callee.name)) return [elements];
  if (callee.receiver && /^reduce(Right)?$/.test(callee.name))
    return [union(argumentsTaint[callbackIndex + 1] ?? clean, elements), elements];
  if (callee.receiver && callee.name === 'then' && callbackIndex === 0) return [receiverTaint];
  const skipped = timerArguments.get(callee.name);
  if (skipped !== undefined && callbackIndex === 0) return argumentsTaint.slice(skipped);
  return [];
}

/** Whether a call hands a function given by name (`list.forEach(runOne)`) data the analysis knows of. */
export function feedsCallback(callee: ResolvedCallee | undefined): boolean {
  if (!callee) return false;
  if (timerArguments.has(callee.name)) return true;
  return (
    callee.receiver !== undefined &&
    (arrayCallbacks.has(callee.name) || /^reduce(Right)?$/.test(callee.name) || callee.name === 'then')
  );
}

/** The member names a computed call can reach: a constant or a union of literals, else every method of a project object. */
function reflectedNames(checker: ts.TypeChecker, access: ts.ElementAccessExpression): string[] {
  const nameType = checker.getTypeAtLocation(access.argumentExpression);
  const members = nameType.isUnion() ? nameType.types : [nameType];
  const literals = members.flatMap((member) => (member.isStringLiteral() ? [member.value] : []));
  if (literals.length === members.length && literals.length > 0)
    return literals.slice(0, maxReflectedTargets);
  if (!(nameType.flags & (ts.TypeFlags.String | ts.TypeFlags.Any))) return [];
  const objectType = checker.getTypeAtLocation(access.expression);
  const methods = checker
    .getPropertiesOfType(objectType)
    .filter((property) => functionOfDeclaration(property.valueDeclaration) !== undefined)
    .map((property) => property.name);
  return methods.length <= maxReflectedTargets ? methods : [];
}

/**
 * `handlers[name](input)`, `cp[method](command)`: each member the name can be is called, as a sink
 * or as a project function; undefined when the callee is not a computed member.
 */
export function reflectedCall(
  walk: WalkState,
  node: ts.CallExpression,
  argumentsTaint: readonly Tainted[],
  checkSinks: (callee: ResolvedCallee) => void,
): Tainted | undefined {
  const access = skipOuter(node.expression);
  if (!ts.isElementAccessExpression(access) || ts.isStringLiteralLike(access.argumentExpression))
    return undefined;
  const names = reflectedNames(walk.checker, access);
  if (names.length === 0) return undefined;
  const object = access.expression;
  const objectType = walk.checker.getTypeAtLocation(object);
  const receiver = receiverOf(walk, object, walk.evaluateQuietly(object));
  const text = shortText(object, walk.sourceFile);
  const results: Tainted[] = [];
  for (const name of names) {
    checkSinks({
      module: moduleOfObject(walk.facts, object),
      name,
      receiver: object,
      text: `${text}.${name}`,
    });
    const fn = functionOfDeclaration(walk.checker.getPropertyOfType(objectType, name)?.valueDeclaration);
    if (fn) results.push(invokeFunction(walk, fn, { node, name, argumentsTaint, receiver }));
  }
  return union(...results);
}

/** `run.call(self, a)`, `run.apply(self, [a])`, `run.bind(self, a)(b)` and a name bound earlier: the function itself, called. */
export function indirectCall(
  walk: WalkState,
  node: ts.CallExpression,
  callee: ResolvedCallee | undefined,
  argumentsTaint: readonly Tainted[],
): Tainted | undefined {
  const target = skipOuter(node.expression);
  if (callee?.receiver && (callee.name === 'call' || callee.name === 'apply')) {
    const fn = functionOfValue(walk.checker, callee.receiver);
    if (!fn) return undefined;
    const [self, list] = node.arguments;
    const receiver = self ? receiverOf(walk, self, argumentsTaint[0] ?? clean) : undefined;
    let inputs = argumentsTaint.slice(1);
    if (callee.name === 'apply') {
      const array = list && skipOuter(list);
      inputs =
        array && ts.isArrayLiteralExpression(array)
          ? array.elements.map((element) => walk.evaluateQuietly(element))
          : fn.parameters.map(() => withFlags(argumentsTaint[1] ?? clean, { container: false }));
    }
    return invokeFunction(walk, fn, { node, name: callee.text, argumentsTaint: inputs, receiver });
  }
  const binding = boundCall(walk.checker, target, walk.facts);
  if (!binding) {
    const partial = partialApplicationOf(walk, target);
    if (!partial) return undefined;
    const name = shortText(target, walk.sourceFile);
    return invokeFunction(walk, partial.fn, {
      node,
      name,
      argumentsTaint: withFixedArguments(partial, argumentsTaint),
    });
  }
  const fn = functionOfValue(walk.checker, binding.expression);
  if (!fn) return undefined;
  const bound = binding.arguments.slice(1).map((argument) => walk.evaluateQuietly(argument));
  const inputs = [...bound, ...argumentsTaint];
  return invokeFunction(walk, fn, { node, name: shortText(target, walk.sourceFile), argumentsTaint: inputs });
}

/** The `fn.bind(self, …)` or `promisify(fn)` call a callee is, directly or through a `const` holding it. */
function boundCall(
  checker: ts.TypeChecker,
  target: ts.Expression,
  facts: FileFacts,
): { expression: ts.Expression; arguments: readonly ts.Expression[] } | undefined {
  let call: ts.Expression = target;
  if (ts.isIdentifier(target)) {
    const declaration = checker.getSymbolAtLocation(target)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (declaration.getSourceFile() !== target.getSourceFile()) return undefined;
    call = skipOuter(declaration.initializer);
  }
  if (!ts.isCallExpression(call)) return undefined;
  // A promisified function is called with the same arguments, plus a callback it supplies itself.
  const wrapped = promisified(facts, call);
  if (wrapped) return { expression: wrapped, arguments: [wrapped] };
  const bind = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(bind) || bind.name.text !== 'bind') return undefined;
  return { expression: bind.expression, arguments: call.arguments };
}

/** The symbol that identifies an emitter: the variable or property holding it. */
function emitterSymbol(checker: ts.TypeChecker, receiver: ts.Expression): ts.Symbol | undefined {
  const inner = skipOuter(receiver);
  const named = ts.isPropertyAccessExpression(inner) ? inner.name : inner;
  return ts.isIdentifier(named) ? resolvedSymbol(checker, named) : undefined;
}

/** Every `emitter.on('event', handler)` of a set of files, by emitter and event, read once. */
export function listenerIndex(
  checker: ts.TypeChecker,
  files: readonly ts.SourceFile[],
): (receiver: ts.Expression, event: string) => readonly FunctionLike[] {
  let index: Map<ts.Symbol, Map<string, FunctionLike[]>> | undefined;
  const build = (): Map<ts.Symbol, Map<string, FunctionLike[]>> => {
    const built = new Map<ts.Symbol, Map<string, FunctionLike[]>>();
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const [event, handler] = node.arguments;
        if (
          listenerMethods.has(node.expression.name.text) &&
          event &&
          handler &&
          ts.isStringLiteralLike(event)
        ) {
          const symbol = emitterSymbol(checker, node.expression.expression);
          const fn = functionOfValue(checker, handler);
          if (symbol && fn) {
            const events = built.get(symbol) ?? new Map<string, FunctionLike[]>();
            built.set(symbol, events);
            events.set(event.text, [...(events.get(event.text) ?? []), fn]);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const file of files) visit(file);
    return built;
  };
  return (receiver, event) => {
    index ??= build();
    const symbol = emitterSymbol(checker, receiver);
    return (symbol && index.get(symbol)?.get(event)) || [];
  };
}

/** `emitter.emit('event', value)`: each handler registered for the event gets the value. */
export function emitCall(
  walk: WalkState,
  node: ts.CallExpression,
  callee: ResolvedCallee | undefined,
  argumentsTaint: readonly Tainted[],
): boolean {
  const event = node.arguments[0] && skipOuter(node.arguments[0]);
  if (!callee?.receiver || callee.name !== 'emit' || !event || !ts.isStringLiteralLike(event)) return false;
  const handlers = walk.hooks.listenersOf?.(callee.receiver, event.text) ?? [];
  const inputs = argumentsTaint.slice(1);
  if (inputs.every((input) => input.length === 0)) return handlers.length > 0;
  for (const fn of handlers)
    invokeFunction(walk, fn, { node, name: `emit('${event.text}')`, argumentsTaint: inputs });
  return handlers.length > 0;
}
