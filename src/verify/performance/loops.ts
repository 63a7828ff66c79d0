import ts from 'typescript';
import { expressionKey, isFunctionLike, iteratedByCallback } from './performance-problem.js';

/** A loop as the rules see it: a loop statement, or a callback an array method calls per element. */
export interface Loop {
  node: ts.Node;
  kind: 'statement' | 'callback';
  /** The collection iterated, when it can be named (`items` in `for (const item of items)`). */
  collection: string | undefined;
  /** The part that runs once per element. */
  body: ts.Node;
}

export function isLoopStatement(node: ts.Node): node is ts.IterationStatement {
  return (
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node)
  );
}

/** `items` in `i < items.length` (or `items.length > i`), the collection a counting loop walks. */
function countedCollection(condition: ts.Expression | undefined, sourceFile: ts.SourceFile) {
  if (!condition || !ts.isBinaryExpression(condition)) return undefined;
  for (const side of [condition.right, condition.left]) {
    if (ts.isPropertyAccessExpression(side) && side.name.text === 'length')
      return expressionKey(side.expression, sourceFile);
  }
  return undefined;
}

/** The loop a node is, or undefined when it is not one. */
export function asLoop(node: ts.Node, sourceFile: ts.SourceFile): Loop | undefined {
  if (ts.isForOfStatement(node) || ts.isForInStatement(node))
    return {
      node,
      kind: 'statement',
      collection: expressionKey(node.expression, sourceFile),
      body: node.statement,
    };
  if (ts.isForStatement(node))
    return {
      node,
      kind: 'statement',
      collection: countedCollection(node.condition, sourceFile),
      body: node.statement,
    };
  if (ts.isWhileStatement(node) || ts.isDoStatement(node))
    return { node, kind: 'statement', collection: undefined, body: node.statement };
  if (isFunctionLike(node)) {
    const collection = iteratedByCallback(node);
    if (collection && node.body)
      return {
        node,
        kind: 'callback',
        collection: expressionKey(collection, sourceFile),
        body: node.body,
      };
  }
  return undefined;
}

/**
 * The loops around a node, innermost first, whose body the node runs in: the search stops at a
 * function that is not an iteration callback, because such a function runs when it is called.
 */
export function enclosingLoops(node: ts.Node, sourceFile: ts.SourceFile): Loop[] {
  const loops: Loop[] = [];
  let child = node;
  let current = node.parent;
  while (current) {
    const loop = asLoop(current, sourceFile);
    if (loop && isInside(child, loop.body)) loops.push(loop);
    if (isFunctionLike(current) && !loop) break;
    child = current;
    current = current.parent;
  }
  return loops;
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

/** The innermost function around a node, or the source file at module level. */
export function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (current && !isFunctionLike(current) && !ts.isSourceFile(current)) current = current.parent;
  return current ?? node.getSourceFile();
}

/** Every node under a root, depth first, for rules that look at each node once. */
export function visitAll(root: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node) => {
    visit(node);
    ts.forEachChild(node, walk);
  };
  walk(root);
}
