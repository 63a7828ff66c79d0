import ts from 'typescript';
import { isDatabasePackage } from '../../recognise/index.js';
import { assignedMethodCallee } from './assigned-methods.js';
import { bindsQueryValues } from './bound-query-values.js';
import { readsElement, updateCollection } from './collection-calls.js';
import { callbackInputs, emitCall, feedsCallback, indirectCall, reflectedCall } from './dynamic-calls.js';
import {
  objectLiteralOf,
  promisified,
  propertyOf,
  type ResolvedCallee,
  resolveCallee,
  shortText,
  skipOuter,
} from './file-facts.js';
import { formParserEventInputs } from './form-parser-sources.js';
import type { FunctionLike } from './function-summary.js';
import { functionOfDeclaration, functionOfValue, invokeFunction, resolvedSymbol } from './function-values.js';
import { higherOrderInputs } from './higher-order-calls.js';
import {
  baseClassOf,
  constructedClass,
  constructorOf,
  fieldInitialisers,
  receiverOf,
} from './instance-state.js';
import { rendersEscapedMarkup } from './markdown-output.js';
import { calleeOfChosenModule } from './module-values.js';
import { buildsEscapedMarkup } from './package-markup.js';
import { packageOfValue, takesResultCallback } from './package-values.js';
import { partialApplicationOf, withFixedArguments } from './partial-application.js';
import { receiverResultTaint } from './path-shape.js';
import { evaluatePromiseConstruction, noteSettledValue } from './promise-construction.js';
import { classifyCall } from './sanitisers.js';
import { narrowAfterAssertion } from './schema-validation.js';
import { checkSink } from './sink-check.js';
import { callSinks, type SinkUse } from './sinks/index.js';
import { isResponseLike } from './sinks/response-sinks.js';
import { taintOfSource } from './source-taint.js';
import { isRequestIdentifier } from './sources.js';
import { evaluateStringBuilt, isLiteralJoin } from './string-building.js';
import { applySummary } from './summary-application.js';
import { referenceKey } from './taint-env.js';
import {
  clean,
  cleanedFor,
  placedInFolder,
  sourceTaint,
  type Tainted,
  union,
  withFlags,
} from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Functions whose result carries the taint of their arguments. */
const propagatingFunctions = new Set([
  'String',
  'decodeURIComponent',
  'decodeURI',
  'unescape',
  'structuredClone',
  'format',
  'parse',
  'from',
  'assign',
  'values',
  'entries',
  'fromEntries',
  'keys',
  'concat',
  'resolve',
  'all',
]);

/** The taint of the argument a sink names, reusing what was computed for the call's arguments. */
function argumentTaint(
  walk: WalkState,
  call: ts.CallExpression | ts.NewExpression,
  sink: SinkUse,
  computed: readonly Tainted[],
): Tainted {
  if (sink.fields) return fieldTaint(walk, sink.value, sink.fields);
  const index = call.arguments ? call.arguments.indexOf(sink.value) : -1;
  if (index >= 0) return computed[index] ?? clean;
  return walk.evaluateQuietly(sink.value);
}

/**
 * The taint of fields of a value: through object literals written in place, then the fields the walk
 * tracks; a field it does not know reads as the whole value, which stays a container if it is one.
 */
function fieldTaint(walk: WalkState, value: ts.Expression, fields: readonly string[]): Tainted {
  let expression = value;
  let rest = fields;
  for (;;) {
    const [field, ...after] = rest;
    const inner =
      field === undefined ? undefined : propertyOf(objectLiteralOf(walk.checker, expression), field);
    if (!inner) break;
    expression = inner;
    rest = after;
  }
  if (rest.length === 0) return walk.evaluateQuietly(expression);
  const key = referenceKey(walk.checker, expression);
  return (key && walk.environment.get(`${key}.${rest.join('.')}`)) || walk.evaluateQuietly(expression);
}

/**
 * The function a local name or object property stands for when it was set to another function
 * (`const log = console.log`, `{ run: cp.exec }`), so that the alias is the sink its original is.
 */
function aliasedCallee(
  walk: WalkState,
  call: ts.CallExpression | ts.NewExpression,
): ResolvedCallee | undefined {
  const expression = skipOuter(call.expression);
  const named = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  const declaration = walk.checker.getSymbolAtLocation(named)?.valueDeclaration;
  if (!declaration || declaration.getSourceFile() !== walk.sourceFile) return undefined;
  const assigned =
    ts.isPropertyAccessExpression(declaration) &&
    ts.isBinaryExpression(declaration.parent) &&
    declaration.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
      ? declaration.parent.right
      : undefined;
  const initializer =
    (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer
      ? skipOuter(declaration.initializer)
      : assigned && skipOuter(assigned);
  // `const run = cp.execSync.bind(cp)` is the sink itself, arguments in place.
  const target =
    initializer &&
    ts.isCallExpression(initializer) &&
    initializer.arguments.length <= 1 &&
    ts.isPropertyAccessExpression(initializer.expression) &&
    initializer.expression.name.text === 'bind'
      ? skipOuter(initializer.expression.expression)
      : initializer;
  // `promisify(client.set)`: the promise form takes the arguments of what it wraps.
  const wrapped = target && promisified(walk.facts, target);
  if (wrapped) return resolveCallee(walk.facts, wrapped);
  if (!target || !(ts.isPropertyAccessExpression(target) || ts.isIdentifier(target))) return undefined;
  return resolveCallee(walk.facts, target);
}

function checkCallSinks(
  walk: WalkState,
  call: ts.CallExpression | ts.NewExpression,
  callee: ResolvedCallee,
  argumentsTaint: readonly Tainted[],
): void {
  let sinks = callSinks(walk.facts, walk.checker, call, callee);
  if (sinks.length === 0) {
    const original =
      aliasedCallee(walk, call) ??
      calleeOfChosenModule(walk.checker, walk.facts, callee) ??
      assignedMethodCallee(walk.checker, walk.facts, callee, call);
    if (original) sinks = callSinks(walk.facts, walk.checker, call, original);
  }
  for (const sink of sinks)
    checkSink(walk, sink, sink.at ?? call, argumentTaint(walk, call, sink, argumentsTaint));
}

/** Walks a callback where it is passed, its parameters tainted by what the call feeds it. */
function walkCallback(
  walk: WalkState,
  fn: ts.ArrowFunction | ts.FunctionExpression,
  callee: ResolvedCallee | undefined,
  receiverTaint: Tainted,
  call: ts.CallExpression,
  argumentsTaint: readonly Tainted[],
): Tainted {
  const parameters =
    formParserEventInputs(walk, callee, call, fn) ??
    higherOrderInputs(walk.checker, call, call.arguments.indexOf(fn), argumentsTaint) ??
    callbackInputs(callee, receiverTaint, argumentsTaint, call.arguments.indexOf(fn));
  if (callee?.receiver && (callee.name === 'on' || callee.name === 'once')) {
    const event = call.arguments[0] && skipOuter(call.arguments[0]);
    const receiver = skipOuter(callee.receiver);
    const eventName = event && ts.isStringLiteralLike(event) ? event.text : '';
    const line = walk.line(call);
    if (eventName === 'data' && ts.isIdentifier(receiver) && isRequestIdentifier(walk.checker, receiver))
      parameters[0] = [sourceTaint({ category: 'request', label: `${receiver.text} body chunk` }, line)];
    if (eventName === 'message' && /ws|socket/i.test(receiver.getText(walk.sourceFile)))
      parameters[0] = [sourceTaint({ category: 'request', label: 'websocket message' }, line)];
  }
  // fs.realpath's callback gets the resolved path: the same data, normalised.
  if (callee?.module === 'fs' && callee.name === 'realpath' && call.arguments[0])
    parameters[1] = withFlags(walk.evaluateQuietly(call.arguments[0]), {
      normalised: true,
      container: false,
    });
  // A package's Node-style callback (`render(text, (error, html) => …)`) gets what it made of its input.
  const made = union(...argumentsTaint);
  // A response's `render` callback gets the rendered view, whose raw outputs are checked at the call.
  const rendersView =
    callee?.name === 'render' && !!callee.receiver && isResponseLike(walk.checker, callee.receiver);
  if (
    made.length > 0 &&
    !rendersView &&
    takesResultCallback(call, fn) &&
    transformsThroughPackage(walk, call.expression)
  )
    parameters[1] ??= withFlags(made, { container: false });
  // koa-route calls a route's handler with the context, then the values of the path's parameters.
  if (callee?.module === 'koa-route' && callee.receiver && call.arguments.indexOf(fn) === 1)
    fn.parameters.forEach((parameter, index) => {
      if (index > 0)
        parameters[index] = [
          sourceTaint(
            { category: 'request', label: `route parameter ${parameter.name.getText()}` },
            walk.line(fn),
          ),
        ];
    });
  if (handsOnRequest(walk, call)) {
    const read = [
      sourceTaint(
        { category: 'request', label: `${callee?.text ?? 'call'}() of the request` },
        walk.line(call),
      ),
    ];
    fn.parameters.forEach((_, index) => {
      if (index > 0 && !parameters[index]) parameters[index] = read;
    });
  }
  return walk.walkFunction(fn, parameters);
}

/**
 * A library call handed the request itself and a callback (`form.parse(req, (error, fields, files) => …)`,
 * a body or multipart parser): what it read from the request reaches the callback after its error.
 */
function handsOnRequest(walk: WalkState, call: ts.CallExpression): boolean {
  if (declarationOf(walk.checker, call)) return false;
  return call.arguments.some((argument) => {
    const inner = skipOuter(argument);
    return ts.isIdentifier(inner) && isRequestIdentifier(walk.checker, inner);
  });
}

/** The project function a call invokes, if it has a body to summarise. */
function declarationOf(checker: ts.TypeChecker, call: ts.CallExpression): FunctionLike | undefined {
  const callee = skipOuter(call.expression);
  const symbol = resolvedSymbol(checker, ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  for (const declaration of symbol?.declarations ?? []) {
    if (ts.isShorthandPropertyAssignment(declaration)) return functionOfValue(checker, declaration.name);
    const fn = functionOfDeclaration(declaration);
    if (fn) return fn;
  }
  return undefined;
}

/** `new URL(input)`, `new Function(code)`…: sinks checked, and the first argument's taint kept for wrappers. */
export function evaluateConstruct(walk: WalkState, node: ts.NewExpression): Tainted {
  const settled = evaluatePromiseConstruction(walk, node);
  if (settled) return settled;
  const callee = resolveCallee(walk.facts, node.expression);
  const argumentsTaint = (node.arguments ?? []).map((argument) => walk.evaluate(argument));
  const built = constructedClass(walk.checker, node.expression);
  if (built) return constructInstance(walk, node, built, argumentsTaint);
  if (!callee) return clean;
  checkCallSinks(walk, node, callee, argumentsTaint);
  const [first] = argumentsTaint;
  if (/^(URL|URLSearchParams|String|Buffer)$/.test(callee.name) && first) {
    return withFlags(first, { container: false });
  }
  // An instance a package makes from text (`new Uri(input)`) carries that text, as its calls' results do.
  if (first && first.length > 0 && transformsThroughPackage(walk, node.expression))
    return withFlags(first, { container: false });
  if (/^(Map|Set|WeakMap|WeakSet|Array)$/.test(callee.name) && first)
    return withFlags(union(...argumentsTaint), { container: true });
  return clean;
}

/**
 * An instance of a class the project declares: its constructor's summary says which fields the
 * arguments end in, kept apart until the walk binds the instance to a name.
 */
function constructInstance(
  walk: WalkState,
  node: ts.NewExpression,
  built: NonNullable<ReturnType<typeof constructedClass>>,
  argumentsTaint: readonly Tainted[],
): Tainted {
  const fields = new Map<string, Tainted>();
  const isClass = ts.isClassDeclaration(built) || ts.isClassExpression(built);
  const initialiser = isClass ? constructorOf(walk.checker, built) : built;
  if (isClass && initialiser?.parent !== built)
    for (const [field, initializer] of fieldInitialisers(built))
      fields.set(field, initializer ? walk.evaluateQuietly(initializer) : clean);
  const summary = initialiser ? walk.hooks.summaryOf(initialiser) : undefined;
  const name = built.name?.text ?? 'constructor';
  const returned = summary
    ? applySummary(walk, summary, { node, name: `new ${name}`, argumentsTaint, fieldsInto: fields })
    : clean;
  walk.pendingInstance = { node, fields };
  return union(returned, withFlags(union(...fields.values()), { container: true }));
}

/** `super(…)` in a constructor: the base constructor's summary, with this constructor's `this` as receiver. */
function evaluateSuperCall(walk: WalkState, node: ts.CallExpression): Tainted {
  const argumentsTaint = node.arguments.map((argument) => walk.evaluate(argument));
  let owner: ts.Node | undefined = node.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  const base = owner && ts.isClassLike(owner) ? baseClassOf(walk.checker, owner) : undefined;
  const initialiser = base ? constructorOf(walk.checker, base) : undefined;
  const summary = initialiser ? walk.hooks.summaryOf(initialiser) : undefined;
  if (!summary) return clean;
  const receiver = { key: 'this', taint: clean, text: 'this' };
  return applySummary(walk, summary, { node, name: 'super', argumentsTaint, receiver });
}

function isInlineFunction(argument: ts.Expression): boolean {
  const inner = skipOuter(argument);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}

/** A call: a source, a sink, a sanitiser, a project function with a summary, or a method passing its receiver on. */
export function evaluateCall(walk: WalkState, node: ts.CallExpression): Tainted {
  if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return evaluateSuperCall(walk, node);
  const fromSource = taintOfSource(walk, node);
  if (fromSource) {
    for (const argument of node.arguments) walk.evaluate(argument);
    return fromSource;
  }
  // `['page?id=', id].join('')` is text built from its parts, read as `+` is.
  if (isLiteralJoin(node)) return evaluateStringBuilt(walk, node);
  const callee = resolveCallee(walk.facts, node.expression);
  const receiverTaint = callee?.receiver ? walk.evaluate(callee.receiver) : clean;
  if (!callee) walk.evaluate(node.expression);
  // Arguments first, then the callbacks among them, given what the call feeds them.
  const argumentsTaint = node.arguments.map((argument) =>
    isInlineFunction(argument) ? clean : walk.evaluate(argument),
  );
  noteSettledValue(walk, node, argumentsTaint);
  let callbackReturn: Tainted | undefined;
  for (const [index, argument] of node.arguments.entries()) {
    const inner = skipOuter(argument);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))
      callbackReturn = walkCallback(walk, inner, callee, receiverTaint, node, argumentsTaint);
    else if (feedsCallback(callee)) {
      const partial = partialApplicationOf(walk, inner);
      const fn = partial?.fn ?? functionOfValue(walk.checker, inner);
      const inputs = callbackInputs(callee, receiverTaint, argumentsTaint, index);
      if (fn)
        callbackReturn = invokeFunction(walk, fn, {
          node,
          name: shortText(inner, walk.sourceFile),
          argumentsTaint: partial ? withFixedArguments(partial, inputs) : inputs,
        });
    }
  }
  // `list.map(item => escape(item))` holds what the callback returns, not the list it was given.
  if (callbackReturn && callee?.receiver && (callee.name === 'map' || callee.name === 'flatMap'))
    return withFlags(callbackReturn, { container: true });
  // `promise.then(value => escape(value))` settles with what the callback returns.
  if (callbackReturn && callee?.receiver && callee.name === 'then') return callbackReturn;
  if (callbackReturn && callee?.receiver && /^reduce(Right)?$/.test(callee.name))
    return withFlags(union(callbackReturn, argumentsTaint[1] ?? clean), { container: false });
  if (callee) {
    checkCallSinks(walk, node, callee, argumentsTaint);
    updateCollection(walk, callee, receiverTaint, argumentsTaint);
    if (emitCall(walk, node, callee, argumentsTaint)) return clean;
    narrowAfterAssertion(walk, node);
  }
  const reached =
    reflectedCall(walk, node, argumentsTaint, (reflected) =>
      checkCallSinks(walk, node, reflected, argumentsTaint),
    ) ?? indirectCall(walk, node, callee, argumentsTaint);
  if (reached) return reached;
  const allArguments = union(...argumentsTaint);
  // With nothing tainted going in, a library call's effect cannot change the clean result: it is
  // asked only where it may stand in for a project function's summary.
  const inputsClean = allArguments.length === 0 && receiverTaint.length === 0;
  const declaration = inputsClean ? declarationOf(walk.checker, node) : undefined;
  const effect =
    callee && (!inputsClean || declaration) ? classifyCall(walk.checker, callee, node) : undefined;
  if (effect) {
    if (effect.effect === 'drop') return clean;
    if (effect.effect === 'normalise') {
      // A segment after another part is inside the folder that part names.
      const parts = argumentsTaint.map((taint, index) => (index > 0 ? placedInFolder(taint) : taint));
      return withFlags(union(...parts), {
        normalised: true,
        container: false,
        combined: argumentsTaint.length > 1 || allArguments.some((taint) => taint.combined),
      });
    }
    if (effect.effect === 'validate') return withFlags(allArguments, { typed: true });
    if (effect.effect === 'segment') return withFlags(allArguments, { segment: true });
    const input = effect.from === 'receiver' ? receiverTaint : allArguments;
    // JSON text holds what the object held, as text: no longer a container.
    const text = callee?.name === 'stringify' ? withFlags(input, { container: false }) : input;
    return cleanedFor(text, effect.kinds);
  }
  const invoked = inputsClean ? declaration : declarationOf(walk.checker, node);
  if (invoked) {
    const receiver = receiverOf(walk, callee?.receiver, receiverTaint);
    const name = callee?.name ?? 'function';
    return invokeFunction(walk, invoked, { node, name, argumentsTaint, receiver });
  }
  if (callee?.receiver && receiverTaint.length > 0) {
    if (readsElement(callee)) return withFlags(receiverTaint, { container: false });
    const joins = callee.name === 'join' || callee.name === 'toString' || callee.name === 'concat';
    const passed = receiverResultTaint(callee, node, receiverTaint);
    // `text.split(…)` hands back an array: a sink that takes one string gets its elements only once read out.
    const flags = joins
      ? { container: false, combined: callee.name !== 'toString' }
      : callee.name === 'split'
        ? { container: true }
        : {};
    return union(
      withFlags(passed, flags),
      callee.name === 'concat' ? withFlags(allArguments, { combined: true }) : clean,
    );
  }
  if (callee && propagatingFunctions.has(callee.name) && allArguments.length > 0) {
    return withFlags(allArguments, { container: false });
  }
  if (allArguments.length > 0 && transformsThroughPackage(walk, node.expression)) {
    if (bindsQueryValues(node)) return clean;
    const made = withFlags(allArguments, { container: false });
    return rendersEscapedMarkup(walk.checker, node.expression) || buildsEscapedMarkupCall(walk, node)
      ? cleanedFor(made, ['html'])
      : made;
  }
  return clean;
}

function buildsEscapedMarkupCall(walk: WalkState, node: ts.CallExpression): boolean {
  const module = packageOfValue(walk.checker, node.expression);
  return module !== undefined && buildsEscapedMarkup(walk.checker, node, module);
}

/** Packages whose results carry nothing of their input that can inject: digests, signatures, ids, clients. */
const opaquePackages = new Set([
  'crypto',
  'bcrypt',
  'bcryptjs',
  'argon2',
  'jsonwebtoken',
  'jose',
  'uuid',
  'nanoid',
  'axios',
  'got',
  'node-fetch',
  'undici',
  'ky',
  'superagent',
  'http',
  'https',
  'net',
  'fs',
  'fs-extra',
  'child_process',
  'request',
  'request-promise',
  'needle',
  'phin',
  'ws',
  'aws-sdk',
  'googleapis',
  'stripe',
  'nodemailer',
  'chrome-remote-interface',
  'puppeteer',
  'playwright',
]);
/** Scopes of cloud SDKs: their clients' results are remote data, not a transform of the arguments. */
const remoteClientScopes = /^@(aws-sdk|google-cloud|azure)\//;

/**
 * A call into a package the analysis knows nothing of (a Markdown renderer, a colouring library):
 * its result is taken to carry its arguments, as text transforms do; database and network clients,
 * whose results are stored or remote data, and digests are not.
 */
export function transformsThroughPackage(walk: WalkState, callee: ts.Expression): boolean {
  const module = packageOfValue(walk.checker, callee);
  return (
    module !== undefined &&
    !opaquePackages.has(module) &&
    !remoteClientScopes.test(module) &&
    !isDatabasePackage(module)
  );
}
