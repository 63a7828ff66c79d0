import ts from 'typescript';
import { carriesRequestData } from './request-decorations.js';
import { sourceTaint, type Tainted } from './taint-value.js';

/** A module-level variable that some function sets from request data: why it counts as request data. */
interface StateWrite {
  name: string;
  inferred?: string;
}

/** Per file: the module-level `let` and `var` variables a function sets from what a client sent. */
const writesByFile = new WeakMap<ts.SourceFile, Map<ts.Symbol, StateWrite>>();

function enclosedInFunction(node: ts.Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (ts.isFunctionLike(parent)) return true;
  return false;
}

function stateWrites(checker: ts.TypeChecker, sourceFile: ts.SourceFile): Map<ts.Symbol, StateWrite> {
  const known = writesByFile.get(sourceFile);
  if (known) return known;
  const variables = new Set<ts.Symbol>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || statement.declarationList.flags & ts.NodeFlags.Const) continue;
    for (const declaration of statement.declarationList.declarations) {
      const symbol = ts.isIdentifier(declaration.name)
        ? checker.getSymbolAtLocation(declaration.name)
        : undefined;
      if (symbol) variables.add(symbol);
    }
  }
  const writes = new Map<ts.Symbol, StateWrite>();
  const visit = (node: ts.Node): void => {
    if (
      variables.size > 0 &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      enclosedInFunction(node)
    ) {
      const symbol = checker.getSymbolAtLocation(node.left);
      const evidence = { byName: false };
      if (
        symbol &&
        variables.has(symbol) &&
        !writes.has(symbol) &&
        carriesRequestData(checker, node.right, evidence)
      ) {
        const write: StateWrite = { name: node.left.text };
        if (evidence.byName)
          write.inferred = `the request that sets \`${node.left.text}\` is recognised by its name; it has no declared type`;
        writes.set(symbol, write);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  writesByFile.set(sourceFile, writes);
  return writes;
}

/**
 * The taint of a module-level variable read in a function that did not set it, when a handler
 * elsewhere in the file sets it from request data: the value one request leaves there is what the
 * next code to read it gets. Undefined for any other name.
 */
export function moduleStateTaint(
  checker: ts.TypeChecker,
  identifier: ts.Identifier,
  line: number,
): Tainted | undefined {
  const writes = stateWrites(checker, identifier.getSourceFile());
  if (writes.size === 0) return undefined;
  const symbol = checker.getSymbolAtLocation(identifier);
  const write = symbol && writes.get(symbol);
  if (!write || !enclosedInFunction(identifier)) return undefined;
  const origin = {
    category: 'request' as const,
    label: `${write.name} (set from request data by a handler)`,
    ...(write.inferred ? { inferred: write.inferred } : {}),
  };
  return [sourceTaint(origin, line)];
}
