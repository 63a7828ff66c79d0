import ts from 'typescript';
import { skipOuter } from './file-facts.js';

const lessThan = '<'.charCodeAt(0);

/** The number or one-character text a case label stands for, following `const codes = { LT: 60 }` in the same file. */
function caseValue(checker: ts.TypeChecker, label: ts.Expression): string | number | undefined {
  const inner = skipOuter(label);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isNumericLiteral(inner)) return Number(inner.text);
  const type = checker.getTypeAtLocation(inner);
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(inner) ? inner.name : inner);
  const declaration = symbol?.valueDeclaration;
  if (declaration && (ts.isPropertyAssignment(declaration) || ts.isVariableDeclaration(declaration))) {
    const initializer = declaration.initializer && skipOuter(declaration.initializer);
    if (initializer && ts.isNumericLiteral(initializer)) return Number(initializer.text);
    if (initializer && ts.isStringLiteralLike(initializer)) return initializer.text;
  }
  return undefined;
}

function isLessThan(value: string | number | undefined): boolean {
  return value === '<' || value === lessThan;
}

/** A character entity (`&lt;`, `&#60;`) written as a literal somewhere in a case clause. */
function writesEntity(clause: ts.CaseClause): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isStringLiteralLike(node) && /^&(#\d+|#x[0-9a-f]+|[a-z]+);$/i.test(node.text)) found = true;
    else ts.forEachChild(node, visit);
  };
  for (const statement of clause.statements) visit(statement);
  return found;
}

function isLoop(node: ts.Node): boolean {
  return (
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node) ||
    ts.isForInStatement(node)
  );
}

function insideLoop(node: ts.Node, body: ts.Node): boolean {
  for (let current = node.parent; current && current !== body; current = current.parent)
    if (isLoop(current)) return true;
  return false;
}

/** Whether a function hands back one of its parameters untouched on some path (`return text`). */
function returnsParameter(checker: ts.TypeChecker, fn: ts.FunctionLikeDeclaration): boolean {
  const parameters = new Set(fn.parameters.map((parameter) => checker.getSymbolAtLocation(parameter.name)));
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn && ts.isFunctionLike(node))) return;
    if (ts.isReturnStatement(node) && node.expression) {
      const returned = skipOuter(node.expression);
      if (ts.isIdentifier(returned) && parameters.has(checker.getSymbolAtLocation(returned))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  if (fn.body && !ts.isBlock(fn.body)) {
    const body = skipOuter(fn.body);
    if (ts.isIdentifier(body) && parameters.has(checker.getSymbolAtLocation(body))) found = true;
  }
  return found;
}

/**
 * A function that walks its input one character at a time and, in a `switch` on the character, writes
 * an entity for `<`: a hand-written HTML escaper, whose result holds no markup of its input.
 */
export function escapesMarkupByCharacter(checker: ts.TypeChecker, fn: ts.FunctionLikeDeclaration): boolean {
  if (!fn.body || returnsParameter(checker, fn)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn.body && ts.isFunctionLike(node))) return;
    if (ts.isSwitchStatement(node) && insideLoop(node, fn.body as ts.Node))
      for (const clause of node.caseBlock.clauses)
        if (
          ts.isCaseClause(clause) &&
          isLessThan(caseValue(checker, clause.expression)) &&
          writesEntity(clause)
        )
          found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

/** The project's own function a call invokes, when it is a hand-written character-by-character HTML escaper. */
export function callsCharacterEscaper(
  checker: ts.TypeChecker,
  declaration: ts.Declaration | undefined,
): boolean {
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return false;
  const initializer =
    ts.isVariableDeclaration(declaration) && declaration.initializer
      ? skipOuter(declaration.initializer)
      : undefined;
  const fn = initializer ?? declaration;
  return (
    (ts.isFunctionDeclaration(fn) ||
      ts.isFunctionExpression(fn) ||
      ts.isArrowFunction(fn) ||
      ts.isMethodDeclaration(fn)) &&
    escapesMarkupByCharacter(checker, fn)
  );
}
