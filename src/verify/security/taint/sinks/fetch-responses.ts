import ts from 'typescript';
import { objectLiteralOf, propertyNameText, propertyOf, skipOuter } from '../file-facts.js';
import type { SinkCall, SinkUse } from './sink-use.js';

/** Packages exporting the WHATWG `Response` class that servers send as is. */
const responseModules = new Set(['undici', 'node-fetch', 'cross-fetch', '@whatwg-node/fetch']);

/** Content types a browser renders as a document that can run script. */
const markupType = /html|xml|svg/i;

/** What a literal content type says: true for markup, false for other types, undefined when not known. */
function isMarkup(value: ts.Expression | undefined): boolean | undefined {
  const inner = value && skipOuter(value);
  if (!inner || !ts.isStringLiteralLike(inner)) return undefined;
  return markupType.test(inner.text);
}

/** The `content-type` entry of a headers object literal, matched without regard to case. */
function contentTypeOf(object: ts.ObjectLiteralExpression): ts.Expression | undefined | null {
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    if (propertyNameText(property.name)?.toLowerCase() === 'content-type') return property.initializer;
  }
  return null;
}

/** The content type set on a `Headers` object held in a local name: in its constructor or by `set`/`append`. */
function headersContentType(
  checker: ts.TypeChecker,
  headers: ts.Identifier,
): ts.Expression | undefined | null {
  const symbol = checker.getSymbolAtLocation(headers);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const initializer = skipOuter(declaration.initializer);
  if (!ts.isNewExpression(initializer)) return undefined;
  const given = objectLiteralOf(checker, initializer.arguments?.[0]);
  let found = given ? contentTypeOf(given) : null;
  const scope = declaration.parent.parent.parent;
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      (node.expression.name.text === 'set' || node.expression.name.text === 'append') &&
      ts.isIdentifier(node.expression.expression) &&
      checker.getSymbolAtLocation(node.expression.expression) === symbol
    ) {
      const [name, value] = node.arguments;
      if (name && ts.isStringLiteralLike(name) && name.text.toLowerCase() === 'content-type') found = value;
    }
    ts.forEachChild(node, visit);
  };
  if (scope) visit(scope);
  return found;
}

/**
 * `new Response(body, init)`: the body is sent as the response, rendered as a page unless its headers
 * give a content type a browser does not render as markup.
 */
export function fetchResponseSinks({
  call,
  callee,
  checker,
  first,
  second,
}: SinkCall): SinkUse[] | undefined {
  if (!ts.isNewExpression(call) || callee.name !== 'Response' || callee.receiver) return undefined;
  if (callee.module ? !responseModules.has(callee.module) : !isGlobal(checker, call.expression))
    return undefined;
  const sink: SinkUse[] = [{ kind: 'html', value: first, label: 'new Response body' }];
  const headers = propertyOf(objectLiteralOf(checker, second), 'headers');
  const inner = headers && skipOuter(headers);
  if (!inner) return sink;
  const object = objectLiteralOf(checker, inner);
  const contentType = object
    ? contentTypeOf(object)
    : ts.isIdentifier(inner)
      ? headersContentType(checker, inner)
      : undefined;
  if (contentType === null) return sink;
  return isMarkup(contentType ?? undefined) === false ? [] : sink;
}

/** Whether a name is the global of that name: declared nowhere in the project's own files. */
function isGlobal(checker: ts.TypeChecker, name: ts.Expression): boolean {
  if (!ts.isIdentifier(name)) return false;
  const declarations = checker.getSymbolAtLocation(name)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}
