import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { packageOfValue } from './package-values.js';
import type { SinkKind } from './taint-value.js';

const parserPackages = new Set(['body-parser', 'express']);
const otherBodyParsers = new Set([
  'koa-body',
  'koa-bodyparser',
  'co-body',
  'body',
  'multer',
  'formidable',
  'busboy',
  'express-fileupload',
]);
const stringParsers = new Set(['text', 'raw']);
const cache = new WeakMap<ts.SourceFile, boolean>();

function extendedIsFalse(options: ts.Expression | undefined): boolean {
  const inner = options && skipOuter(options);
  if (!inner || !ts.isObjectLiteralExpression(inner)) return false;
  return inner.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) &&
      ts.isIdentifier(property.name) &&
      property.name.text === 'extended' &&
      property.initializer.kind === ts.SyntaxKind.FalseKeyword,
  );
}

/**
 * Whether a file's body parsers all yield strings: `urlencoded({ extended: false })` gives strings and
 * arrays of strings, never nested objects, and no JSON parser is set up beside it.
 */
function bodiesAreStrings(checker: ts.TypeChecker, sourceFile: ts.SourceFile): boolean {
  const known = cache.get(sourceFile);
  if (known !== undefined) return known;
  let parsers = 0;
  let objects = false;
  const visit = (node: ts.Node): void => {
    if (objects) return;
    if (
      (ts.isImportDeclaration(node) || ts.isCallExpression(node)) &&
      otherBodyParsers.has(moduleNameOf(node) ?? '')
    )
      objects = true;
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const origin = packageOfValue(
        checker,
        ts.isPropertyAccessExpression(callee) ? callee.expression : callee,
      );
      if (origin && parserPackages.has(origin) && !moduleNameOf(node)) {
        if (name === 'urlencoded') {
          parsers++;
          if (!extendedIsFalse(node.arguments[0])) objects = true;
        } else if (name && stringParsers.has(name)) parsers++;
        else if (name === 'json' || (origin === 'body-parser' && !name)) objects = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const result = parsers > 0 && !objects;
  cache.set(sourceFile, result);
  return result;
}

function moduleNameOf(node: ts.ImportDeclaration | ts.CallExpression): string | undefined {
  if (ts.isImportDeclaration(node))
    return ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
  const callee = skipOuter(node.expression);
  const first = node.arguments[0];
  return ts.isIdentifier(callee) && callee.text === 'require' && first && ts.isStringLiteralLike(first)
    ? first.text
    : undefined;
}

/** The request property a source reads first: `body` in `req.body.title`. */
function requestProperty(node: ts.Expression): string | undefined {
  let current = skipOuter(node);
  let property: string | undefined;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    if (ts.isPropertyAccessExpression(current)) property = current.name.text;
    else property = undefined;
    current = skipOuter(current.expression);
  }
  return property;
}

/**
 * Sinks a request value cannot reach harmfully by what the request part is: a body parsed to strings
 * and a route parameter hold no query operators, and a cookie's value is the client's own, so echoing it is no reflected XSS.
 */
export function kindsSafeByRequestPart(checker: ts.TypeChecker, node: ts.Expression): SinkKind[] {
  const property = requestProperty(node);
  if (property === 'cookies' || property === 'signedCookies') return ['html'];
  if (property === 'body' && bodiesAreStrings(checker, node.getSourceFile())) return ['nosql'];
  // Route parameters are cut from the path as strings, so they cannot carry an operator object.
  if (property === 'params') return ['nosql'];
  return [];
}
