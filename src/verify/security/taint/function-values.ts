import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import type { FunctionLike } from './function-summary.js';
import { applySummary, type CallSite } from './summary-application.js';
import { clean, type Tainted } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** The function a declaration stands for: a function or method, or a variable, property or default export holding one. */
export function functionOfDeclaration(declaration: ts.Node | undefined): FunctionLike | undefined {
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isFunctionExpression(declaration) ||
    ts.isArrowFunction(declaration)
  )
    return declaration.body ? declaration : undefined;
  const initializer =
    (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer
      ? declaration.initializer
      : ts.isExportAssignment(declaration)
        ? declaration.expression
        : assignedValue(declaration);
  if (!initializer) return undefined;
  const inner = skipOuter(initializer);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) ? inner : undefined;
}

/** CommonJS exports: `module.exports = fn` and `exports.name = fn` declare what their right side holds. */
function assignedValue(declaration: ts.Node): ts.Expression | undefined {
  const assignment = ts.isBinaryExpression(declaration) ? declaration : declaration.parent;
  if (
    assignment &&
    ts.isBinaryExpression(assignment) &&
    assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    (assignment === declaration || assignment.left === declaration)
  )
    return assignment.right;
  return undefined;
}

/** The symbol a name refers to, through imports, re-exports and `{ name }` shorthands. */
export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  let symbol =
    node.parent && ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
      ? checker.getShorthandAssignmentValueSymbol(node.parent)
      : checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

/**
 * The project function an expression holds: written inline, named (`runOne`, `handlers.run`,
 * `this.onMessage`), or bound (`this.onMessage.bind(this)`); undefined for anything else.
 */
export function functionOfValue(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  depth = 0,
): FunctionLike | undefined {
  const inner = skipOuter(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner;
  if (depth < 3 && ts.isCallExpression(inner)) {
    const target = skipOuter(inner.expression);
    if (ts.isPropertyAccessExpression(target) && target.name.text === 'bind')
      return functionOfValue(checker, target.expression, depth + 1);
    return undefined;
  }
  const named = ts.isPropertyAccessExpression(inner) ? inner.name : inner;
  if (!ts.isIdentifier(named)) return undefined;
  const symbol = resolvedSymbol(checker, named);
  for (const declaration of symbol?.declarations ?? []) {
    const fn = functionOfDeclaration(declaration);
    if (fn) return fn;
  }
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (ts.isFunctionLike(parent)) return parent;
  return undefined;
}

const capturedBy = new WeakMap<ts.Node, ts.SignatureDeclaration | null>();

/**
 * The function whose locals a nested function reads (a closure over `command` declared in the
 * handler around it), or undefined for a function that reads only its own and module-level names.
 */
function capturedScope(checker: ts.TypeChecker, fn: FunctionLike): ts.SignatureDeclaration | undefined {
  const known = capturedBy.get(fn);
  if (known !== undefined) return known ?? undefined;
  const outer = enclosingFunction(fn);
  let captures = false;
  if (outer && fn.body) {
    const visit = (node: ts.Node): void => {
      if (captures) return;
      if (ts.isIdentifier(node)) {
        const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
        if (
          declaration &&
          declaration.getSourceFile() === fn.getSourceFile() &&
          declaration.pos >= outer.pos &&
          declaration.end <= outer.end &&
          !(declaration.pos >= fn.pos && declaration.end <= fn.end)
        )
          captures = true;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
  }
  const scope = captures ? outer : undefined;
  capturedBy.set(fn, scope ?? null);
  return scope;
}

/** Closure walks one walk may make before it stops, as towers of closures calling each other twice grow. */
const maxClosureWalks = 256;
/** Per walk: the closures being walked (so that one calling itself is walked once) and how many were. */
const closureWalks = new WeakMap<WalkState, { active: Set<ts.Node>; count: number }>();

/**
 * Runs a project function at a call: a closure called inside the function whose locals it reads is
 * walked there, with those locals as they are at the call, when the walk is of that function; any
 * other function by its summary.
 */
export function invokeFunction(walk: WalkState, fn: FunctionLike, site: CallSite): Tainted {
  const scope = capturedScope(walk.checker, fn);
  const root = walk.root;
  if (scope && root && scope.pos >= root.pos && scope.end <= root.end) {
    let state = closureWalks.get(walk);
    if (!state) {
      state = { active: new Set(), count: 0 };
      closureWalks.set(walk, state);
    }
    if (state.active.has(fn)) return clean;
    if (++state.count > maxClosureWalks) {
      walk.stop(site.node);
      return clean;
    }
    state.active.add(fn);
    try {
      return walk.walkFunction(fn, site.argumentsTaint);
    } finally {
      state.active.delete(fn);
    }
  }
  const summary = walk.hooks.summaryOf(fn);
  return summary ? applySummary(walk, summary, site) : clean;
}
