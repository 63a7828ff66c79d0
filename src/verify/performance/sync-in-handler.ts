import ts from 'typescript';
import { httpVerbExports, requestHandlerOf, routeMethods } from '../recognise/index.js';
import { visitAll } from './loops.js';
import {
  calleeName,
  isFunctionLike,
  type PerformanceProblem,
  performanceRules,
} from './performance-problem.js';

/** Blocking calls that stall every other request while they run: file system, crypto, processes, zlib. */
const blockingCalls = new Set([
  'readFileSync',
  'writeFileSync',
  'appendFileSync',
  'existsSync',
  'statSync',
  'lstatSync',
  'readdirSync',
  'mkdirSync',
  'rmSync',
  'unlinkSync',
  'copyFileSync',
  'renameSync',
  'accessSync',
  'openSync',
  'readSync',
  'writeSync',
  'pbkdf2Sync',
  'scryptSync',
  'generateKeyPairSync',
  'generatePrimeSync',
  'hashSync',
  'compareSync',
  'genSaltSync',
  'execSync',
  'execFileSync',
  'spawnSync',
  'gzipSync',
  'gunzipSync',
  'deflateSync',
  'inflateSync',
  'brotliCompressSync',
  'brotliDecompressSync',
]);

const requestName = /^(req|request)$/;
const responseName = /^(res|response|reply)$/;

function parameterName(parameter: ts.ParameterDeclaration | undefined): string | undefined {
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

/** Whether a function's own signature says it handles a request: by a parameter's declared type, or `(req, res)` in untyped code. */
function looksLikeHandler(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker | undefined): boolean {
  if (checker) return requestHandlerOf(checker, fn) !== undefined;
  const [first, second] = fn.parameters;
  return requestName.test(parameterName(first) ?? '') && responseName.test(parameterName(second) ?? '');
}

/** The blocking calls in a file, and every node around one (the functions a handler among them would be). */
function blockingCallsIn(sourceFile: ts.SourceFile): { calls: ts.CallExpression[]; around: Set<ts.Node> } {
  const calls: ts.CallExpression[] = [];
  const around = new Set<ts.Node>();
  visitAll(sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const name = calleeName(node);
    if (!name || !blockingCalls.has(name)) return;
    calls.push(node);
    for (let current = node.parent; current && !around.has(current); current = current.parent)
      around.add(current);
  });
  return { calls, around };
}

/**
 * Functions in a file that frameworks call once per request; the checker is asked only about
 * functions that hold a blocking call, since no other handler can have a finding.
 */
function requestHandlers(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker | undefined,
  around: ReadonlySet<ts.Node>,
): Set<ts.Node> {
  const handlers = new Set<ts.Node>();
  const byName = new Map<string, ts.FunctionLikeDeclaration>();
  visitAll(sourceFile, (node) => {
    if (ts.isFunctionDeclaration(node) && node.name) byName.set(node.name.text, node);
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      isFunctionLike(node.initializer)
    )
      byName.set(node.name.text, node.initializer);
  });
  const add = (argument: ts.Expression) => {
    if (isFunctionLike(argument)) handlers.add(argument);
    else if (ts.isIdentifier(argument)) {
      const declared = byName.get(argument.text);
      if (declared) handlers.add(declared);
    }
  };
  visitAll(sourceFile, (node) => {
    if (isFunctionLike(node) && around.has(node) && looksLikeHandler(node, checker)) handlers.add(node);
    if (ts.isFunctionDeclaration(node) && node.name && httpVerbExports.has(node.name.text))
      handlers.add(node);
    if (!ts.isCallExpression(node)) return;
    const name = calleeName(node);
    if (name === 'createServer') node.arguments.forEach(add);
    if (name === 'route' || name === 'addRoute') {
      for (const argument of node.arguments)
        if (ts.isObjectLiteralExpression(argument))
          for (const property of argument.properties)
            if (ts.isPropertyAssignment(property) && property.name.getText() === 'handler')
              add(property.initializer);
            else if (ts.isMethodDeclaration(property) && property.name.getText() === 'handler')
              handlers.add(property);
    }
    if (!ts.isPropertyAccessExpression(node.expression) || !name || !routeMethods.has(name)) return;
    const [path, ...rest] = node.arguments;
    // `app.get('/users', handler)`, `server.on('request', handler)`, `app.use(middleware)`.
    const routed =
      path !== undefined &&
      (ts.isStringLiteralLike(path) || ts.isTemplateExpression(path)) &&
      (name !== 'on' || path.getText().slice(1, -1) === 'request');
    if (routed) rest.forEach(add);
    else if (name === 'use') node.arguments.forEach(add);
  });
  return handlers;
}

/** Synchronous file, crypto, process or compression calls inside a request handler. */
export function findSyncInHandlers(
  sourceFile: ts.SourceFile,
  checker?: ts.TypeChecker,
): PerformanceProblem[] {
  const problems: PerformanceProblem[] = [];
  const { calls, around } = blockingCallsIn(sourceFile);
  if (calls.length === 0) return problems;
  const handlers = requestHandlers(sourceFile, checker, around);
  if (handlers.size === 0) return problems;
  for (const handler of handlers)
    visitAll(handler, (node) => {
      if (!ts.isCallExpression(node)) return;
      const name = calleeName(node);
      if (!name || !blockingCalls.has(name)) return;
      problems.push({
        ruleId: performanceRules.syncInHandler,
        node,
        message: `\`${name}\` blocks the event loop inside a request handler: every other request waits while it runs.`,
        hint: `Use the asynchronous form (${name.replace(/Sync$/, '')} from node:fs/promises, node:crypto with a callback or util.promisify, or the library's async call), or do the work once at start-up.`,
      });
    });
  return dedupe(problems);
}

/** A handler nested in another (a route inside `app.use`) would report its calls twice. */
function dedupe(problems: PerformanceProblem[]): PerformanceProblem[] {
  const seen = new Set<ts.Node>();
  return problems.filter((problem) => !seen.has(problem.node) && seen.add(problem.node));
}
