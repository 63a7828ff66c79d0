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

/**
 * Whether the response a body is written to had its content type set, earlier in the handler that
 * received it, to a type that is not markup: the body is then shown as text or data, not run as HTML.
 */
export function setToNonMarkupType(checker: ts.TypeChecker, receiver: ts.Expression, sink: ts.Node): boolean {
  const root = rootOf(receiver);
  const symbol = root && checker.getSymbolAtLocation(root);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !ts.isParameter(declaration)) return false;
  const handler = declaration.parent;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.getStart() >= sink.getStart()) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(skipOuter(node.expression))) {
      const callee = skipOuter(node.expression) as ts.PropertyAccessExpression;
      if (settingMethods.has(callee.name.text)) {
        const calledOn = rootOf(callee.expression);
        if (calledOn && checker.getSymbolAtLocation(calledOn) === symbol) {
          const set = contentTypeSet(node);
          if (set && namesNonMarkupType(typeTexts(checker, set.value), set.shorthand)) found = true;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(handler);
  return found;
}
