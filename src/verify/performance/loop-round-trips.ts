import ts from 'typescript';
import { enclosingLoops, isLoopStatement, type Loop, visitAll } from './loops.js';
import {
  calleeName,
  isFunctionLike,
  type PerformanceProblem,
  performanceRules,
} from './performance-problem.js';
import { outermostCall, roundTripKind } from './query-calls.js';

const promiseCombinators = new Set(['all', 'allSettled', 'any', 'race']);
const pauseName = /sleep|delay|wait|timeout|throttle|backoff|pause/i;

function isPromiseCombinator(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === 'Promise' &&
    promiseCombinators.has(node.expression.name.text)
  );
}

/** Whether a `map` callback's promises are awaited together: `Promise.all(items.map(…))`, directly or through a variable. */
function isFanOut(loop: Loop): boolean {
  if (loop.kind !== 'callback') return false;
  const call = loop.node.parent;
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  if (!['map', 'flatMap'].includes(call.expression.name.text)) return false;
  let holder: ts.Node = call;
  while (
    holder.parent &&
    (ts.isAwaitExpression(holder.parent) || ts.isParenthesizedExpression(holder.parent))
  )
    holder = holder.parent;
  if (holder.parent && isPromiseCombinator(holder.parent)) return true;
  const declaration = holder.parent;
  if (declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const name = declaration.name.text;
    let combined = false;
    const scope = declaration.parent?.parent?.parent ?? declaration.getSourceFile();
    visitAll(scope, (node) => {
      if (isPromiseCombinator(node) && node.arguments.some((argument) => mentions(argument, name)))
        combined = true;
    });
    return combined;
  }
  return false;
}

function mentions(node: ts.Node, name: string): boolean {
  let found = false;
  visitAll(node, (inner) => {
    if (ts.isIdentifier(inner) && inner.text === name) found = true;
  });
  return found;
}

/** The await that waits for a node, when one does inside the same function. */
function awaitedBy(node: ts.Node): ts.AwaitExpression | undefined {
  let current = node.parent;
  while (current && !isFunctionLike(current) && !isLoopStatement(current)) {
    if (ts.isAwaitExpression(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** Whether a promise is collected for later (`promises.push(db.query(…))`) rather than waited for. */
function isCollected(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    parent !== undefined &&
    ts.isCallExpression(parent) &&
    ts.isPropertyAccessExpression(parent.expression) &&
    ['push', 'add', 'set', 'unshift'].includes(parent.expression.name.text)
  );
}

/** Identifiers assigned anywhere in a node: `cursor = page.next`, `attempt++`. */
function assignedNames(node: ts.Node): Set<string> {
  const names = new Set<string>();
  visitAll(node, (inner) => {
    if (
      ts.isBinaryExpression(inner) &&
      inner.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      inner.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(inner.left)
    )
      names.add(inner.left.text);
    if (
      (ts.isPrefixUnaryExpression(inner) || ts.isPostfixUnaryExpression(inner)) &&
      ts.isIdentifier(inner.operand)
    )
      names.add(inner.operand.text);
  });
  return names;
}

/** Whether a loop body leaves early (`return`, `break`): each pass then decides whether there is another. */
function exitsEarly(body: ts.Node): boolean {
  let exits = false;
  const walk = (node: ts.Node) => {
    if (isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) || (ts.isBreakStatement(node) && !node.label)) exits = true;
    // A break inside an inner loop or switch leaves only that.
    if (isLoopStatement(node) || ts.isSwitchStatement(node)) {
      if (ts.isReturnStatement(node)) exits = true;
      ts.forEachChild(node, (child) => {
        if (!ts.isBreakStatement(child)) walkReturnsOnly(child);
      });
      return;
    }
    ts.forEachChild(node, walk);
  };
  const walkReturnsOnly = (node: ts.Node) => {
    if (isFunctionLike(node)) return;
    if (ts.isReturnStatement(node)) exits = true;
    ts.forEachChild(node, walkReturnsOnly);
  };
  walk(body);
  return exits;
}

/**
 * Whether each pass of a loop needs the one before: a `while` polling until a condition the body
 * changes, a pagination cursor, a retry loop that returns on success, a `for await` over a stream,
 * or a loop its author marked with a comment saying it is sequential on purpose.
 */
function isSequentialByDesign(loop: ts.IterationStatement, sourceFile: ts.SourceFile): boolean {
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return true;
  const comments = ts.getLeadingCommentRanges(sourceFile.text, loop.getFullStart()) ?? [];
  if (
    comments.some((range) =>
      /sequential|in order|one at a time/i.test(sourceFile.text.slice(range.pos, range.end)),
    )
  )
    return true;
  if (exitsEarly(loop.statement)) return true;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop) || ts.isForStatement(loop)) {
    const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
    if (!condition || condition.kind === ts.SyntaxKind.TrueKeyword) return true;
    const changed = assignedNames(loop.statement);
    if (ts.isForStatement(loop)) {
      // The counter of a counting loop changes every pass; only other names show a dependency.
      for (const name of loop.incrementor ? assignedNames(loop.incrementor) : []) changed.delete(name);
    }
    if ([...changed].some((name) => mentions(condition, name))) return true;
  }
  return false;
}

/** Whether an await's value feeds the next pass: `cursor = await next(cursor)`. */
function feedsNextPass(awaitExpression: ts.AwaitExpression): boolean {
  const parent = awaitExpression.parent;
  return (
    parent !== undefined &&
    ts.isBinaryExpression(parent) &&
    parent.right === awaitExpression &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(parent.left) &&
    mentions(awaitExpression.expression, parent.left.text)
  );
}

function innermostStatementLoop(node: ts.Node): ts.IterationStatement | undefined {
  let current = node.parent;
  while (current && !isFunctionLike(current)) {
    if (isLoopStatement(current) && node.pos >= current.statement.pos) return current;
    current = current.parent;
  }
  return undefined;
}

/**
 * N+1 round trips: a database query or HTTP request sent once per element of a loop, and awaits that
 * make a loop wait for each element in turn when the passes do not depend on each other.
 */
export function findLoopRoundTrips(
  sourceFile: ts.SourceFile,
  checker?: ts.TypeChecker,
): PerformanceProblem[] {
  const problems: PerformanceProblem[] = [];
  const reported = new Set<ts.Node>();
  visitAll(sourceFile, (node) => {
    if (!ts.isCallExpression(node) && !ts.isTaggedTemplateExpression(node)) return;
    const call = outermostCall(node);
    if (reported.has(call)) return;
    // Where the call runs is read from the syntax first: only calls inside a loop ask the checker.
    const loop = enclosingLoops(call, sourceFile)[0];
    if (!loop) return;
    const kind = roundTripKind(node, checker);
    if (!kind || isFanOut(loop)) return;
    if (loop.kind === 'statement') {
      // A cursor or polling loop has no collection to batch over.
      const statement = loop.node as ts.IterationStatement;
      if (loop.collection === undefined && isSequentialByDesign(statement, sourceFile)) return;
      if (ts.isForOfStatement(statement) && statement.awaitModifier) return;
      const awaited = awaitedBy(call);
      if (!awaited && (isCollected(call) || !ts.isExpressionStatement(call.parent))) return;
      if (awaited) reported.add(awaited);
    }
    reported.add(call);
    reported.add(loop.node);
    const what = kind === 'http' ? 'an HTTP request' : 'a database query';
    problems.push({
      ruleId: performanceRules.queryInLoop,
      node: call,
      message: `${what[0]?.toUpperCase()}${what.slice(1)} inside a loop${loop.collection ? ` over ${loop.collection}` : ''}: one round trip per element (N+1).`,
      hint:
        kind === 'http'
          ? 'Fetch the elements in one batched request, or send the requests together with Promise.all (bounded concurrency for large lists).'
          : 'Load all the rows in one query (WHERE id IN (…) / ANY($1), a join, or the ORM’s include) before the loop, then look them up in a Map.',
    });
  });
  visitAll(sourceFile, (node) => {
    if (!ts.isAwaitExpression(node) || reported.has(node)) return;
    const loop = innermostStatementLoop(node);
    // A loop already reported for its round trips is not reported again for its other awaits.
    if (!loop || reported.has(loop) || isSequentialByDesign(loop, sourceFile) || feedsNextPass(node)) return;
    const awaited = ts.isCallExpression(node.expression) ? calleeName(node.expression) : undefined;
    if (awaited && pauseName.test(awaited)) return;
    problems.push({
      ruleId: performanceRules.awaitInLoop,
      node,
      message:
        'An await inside a loop: each pass waits for the one before, though the passes do not depend on each other.',
      hint: 'Start the work for every element first and await it together (await Promise.all(items.map(async (item) => …))), with a concurrency limit for large lists; if the order matters, say so in a comment containing "sequential" on the loop.',
    });
  });
  return problems;
}
