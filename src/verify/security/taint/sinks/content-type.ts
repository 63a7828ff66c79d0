import ts from 'typescript';
import { propertyNameText, skipOuter } from '../file-facts.js';

const settingMethods = new Set(['setHeader', 'header', 'set', 'append', 'writeHead', 'type', 'contentType']);

/** The identifier a response expression starts from: `res` in `res.status(404).send(…)`. */
function rootOf(expression: ts.Expression): ts.Identifier | undefined {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return inner;
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression))
    return rootOf(inner.expression.expression);
  return undefined;
}

/** The string literals a project function's returns (or, failing those, its body) speak of. */
function helperTexts(checker: ts.TypeChecker, call: ts.CallExpression): string[] | undefined {
  const declaration = checker.getSymbolAtLocation(skipOuter(call.expression))?.valueDeclaration;
  const fn =
    declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? skipOuter(declaration.initializer)
      : declaration;
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)))
    return undefined;
  if (!fn.body || fn.getSourceFile().isDeclarationFile || fn.parameters.length > 0) return undefined;
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) texts.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return texts.length > 0 ? texts : undefined;
}

/** The texts a content type value can be: constants, a constant's initializer, or a parameterless helper's literals. */
function typeTexts(checker: ts.TypeChecker, value: ts.Expression): string[] | undefined {
  const inner = skipOuter(value);
  if (ts.isStringLiteralLike(inner)) return [inner.text];
  if (ts.isConditionalExpression(inner)) {
    const left = typeTexts(checker, inner.whenTrue);
    const right = typeTexts(checker, inner.whenFalse);
    return left && right ? [...left, ...right] : undefined;
  }
  const type = checker.getTypeAtLocation(inner);
  if (type.isStringLiteral()) return [type.value];
  if (ts.isCallExpression(inner) && inner.arguments.length === 0) return helperTexts(checker, inner);
  return undefined;
}

/** Whether every text a content type can be names a type a browser will not render as markup. */
function namesNonMarkupType(texts: readonly string[] | undefined, shorthand: boolean): boolean {
  if (!texts || texts.length === 0) return false;
  return texts.every((text) => {
    const lower = text.toLowerCase();
    if (/html|xml|svg/.test(lower)) return false;
    return shorthand
      ? /^(json|text|txt|csv|bin|[a-z]+\/[\w.+-]+)/.test(lower)
      : /^[a-z]+\/[\w.+-]+/.test(lower);
  });
}

/** The content type value a call on a response sets, if it sets one. */
function contentTypeSet(call: ts.CallExpression): { value: ts.Expression; shorthand: boolean } | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  const [first, second] = call.arguments;
  if (!first) return undefined;
  if (name === 'type' || name === 'contentType') return { value: first, shorthand: true };
  const headerName = (expression: ts.Expression) => {
    const inner = skipOuter(expression);
    return ts.isStringLiteralLike(inner) ? inner.text.toLowerCase() : undefined;
  };
  if (second && name !== 'writeHead' && headerName(first) === 'content-type')
    return { value: second, shorthand: false };
  const headers = call.arguments.map(skipOuter).find(ts.isObjectLiteralExpression);
  for (const property of headers?.properties ?? [])
    if (
      ts.isPropertyAssignment(property) &&
      propertyNameText(property.name)?.toLowerCase() === 'content-type'
    )
      return { value: property.initializer, shorthand: false };
  return undefined;
}

/** The statement an expression belongs to, and the block (or file) that statement is directly in. */
function statementAndBlock(node: ts.Node): { statement: ts.Statement; block: ts.Node } | undefined {
  let current: ts.Node = node;
  while (current.parent && !ts.isStatement(current)) {
    if (ts.isFunctionLike(current)) return undefined;
    current = current.parent;
  }
  const parent = current.parent;
  if (!ts.isStatement(current) || !parent) return undefined;
  return ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent)
    ? { statement: current, block: parent }
    : undefined;
}

/**
 * Whether a statement runs on every path to a later node: it sits directly in a block that holds the
 * node, so no branch can skip it (a branch that sets a type and returns does not cover the code after it).
 */
function runsBefore(setter: ts.Node, sink: ts.Node): boolean {
  const place = setter.getStart() < sink.getStart() ? statementAndBlock(setter) : undefined;
  if (!place || place.statement.getEnd() > sink.getStart()) return false;
  for (let node: ts.Node | undefined = sink.parent; node; node = node.parent)
    if (node === place.block) return true;
  return false;
}

/** Whether a content type value may name markup: it names HTML, XML or SVG, or it is not a readable constant. */
export function mayNameMarkup(checker: ts.TypeChecker, value: ts.Expression): boolean {
  return !namesNonMarkupType(typeTexts(checker, value), false);
}

/** What a handler's code says of a response's content type where a body is written to it. */
export type ContentTypeAtSink = 'not-markup' | 'markup-or-unset' | 'unknown';

/**
 * The content type the response a body is written to has on every path to the write, from the last
 * setting call that runs on all of them: a type a browser will not render as markup, anything else
 * (markup, a type chosen at run time, or none set, which browsers sniff), or unknown when the response
 * is not a handler's parameter whose calls can be followed.
 */
export function contentTypeAtSink(
  checker: ts.TypeChecker,
  receiver: ts.Expression,
  sink: ts.Node,
): ContentTypeAtSink {
  const root = rootOf(receiver);
  const symbol = root && checker.getSymbolAtLocation(root);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !ts.isParameter(declaration)) return 'unknown';
  const handler = declaration.parent;
  let last: { value: ts.Expression; shorthand: boolean } | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart() >= sink.getStart()) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(skipOuter(node.expression))) {
      const callee = skipOuter(node.expression) as ts.PropertyAccessExpression;
      if (settingMethods.has(callee.name.text)) {
        const calledOn = rootOf(callee.expression);
        const set = calledOn && checker.getSymbolAtLocation(calledOn) === symbol && contentTypeSet(node);
        if (set && runsBefore(node, sink)) last = set;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(handler);
  const chosen = last;
  if (!chosen) return 'markup-or-unset';
  return namesNonMarkupType(typeTexts(checker, chosen.value), chosen.shorthand)
    ? 'not-markup'
    : 'markup-or-unset';
}
