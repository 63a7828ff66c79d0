import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import ts from 'typescript';
import { collectModuleReferences } from '../../api/package-rules.js';

/** How much of an installed package is read before the analysis stops looking. */
const maxFiles = 60;
const maxFileBytes = 512 * 1024;

/** Entities for `<` and `&`, the two characters every markup escaper must rewrite. */
const lessThanEntity = /^&(lt|#0*60|#x0*3c);$/i;
const ampersandEntity = /^&(amp|#0*38|#x0*26);$/i;

/** Text that opens a markup element: `<svg`, `<text x=`, `</g>`. */
const markupTag = /<\/?[a-z][\w:-]*[\s>/]/i;

interface PackageMarkup {
  escapes: boolean;
  emitsMarkup: boolean;
}

const cache = new Map<string, PackageMarkup | undefined>();

function relativeSpecifiers(sourceFile: ts.SourceFile): string[] {
  return collectModuleReferences(sourceFile)
    .map((reference) => reference.specifier)
    .filter((specifier) => specifier.startsWith('.'));
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, `${base}/index.js`]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

/** A function or object literal that writes the entities of both `<` and `&`: an escaper or its table. */
function holdsEscaper(sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(node) || ts.isObjectLiteralExpression(node)) {
      let lessThan = false;
      let ampersand = false;
      const scan = (inner: ts.Node): void => {
        if (ts.isStringLiteralLike(inner)) {
          if (lessThanEntity.test(inner.text)) lessThan = true;
          if (ampersandEntity.test(inner.text)) ampersand = true;
        }
        ts.forEachChild(inner, scan);
      };
      scan(node);
      if (lessThan && ampersand) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function writesMarkup(sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node)) &&
      markupTag.test(node.text)
    )
      found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Reads the installed package's own files, from its entry through its relative imports. */
function readPackage(entry: string): PackageMarkup {
  const seen = new Set<string>();
  const queue = [entry];
  const markup: PackageMarkup = { escapes: false, emitsMarkup: false };
  while (queue.length > 0 && seen.size < maxFiles) {
    const file = queue.shift() as string;
    if (seen.has(file) || !/\.(c|m)?js$/.test(extname(file) || '.js')) continue;
    seen.add(file);
    let text: string;
    try {
      if (statSync(file).size > maxFileBytes) continue;
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    markup.escapes ||= holdsEscaper(sourceFile);
    markup.emitsMarkup ||= writesMarkup(sourceFile);
    for (const specifier of relativeSpecifiers(sourceFile)) {
      const next = resolveLocal(file, specifier);
      if (next && !seen.has(next)) queue.push(next);
    }
  }
  return markup;
}

function installedMarkup(fromFile: string, module: string): PackageMarkup | undefined {
  let entry: string;
  try {
    entry = createRequire(fromFile).resolve(module);
  } catch {
    return undefined;
  }
  if (!cache.has(entry)) cache.set(entry, readPackage(entry));
  return cache.get(entry);
}

/** An argument handed over as structured data (an options object), not as text or a template. */
function isStructuredArgument(checker: ts.TypeChecker, argument: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(argument);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.StringLike)) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
  return (type.flags & ts.TypeFlags.Object) !== 0 && type.getCallSignatures().length === 0;
}

/**
 * Whether a call into an installed package builds markup with its input escaped: the call hands it
 * only structured data (no template or markup text of the caller's), and the package's own code
 * writes markup elements and holds an escaper of `<` and `&` — an SVG or HTML builder such as a
 * badge or chart renderer, which puts the values it is given into elements as escaped text.
 */
export function buildsEscapedMarkup(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
  module: string,
): boolean {
  if (call.arguments.length === 0) return false;
  if (!call.arguments.every((argument) => isStructuredArgument(checker, argument))) return false;
  const markup = installedMarkup(call.getSourceFile().fileName, module);
  return markup?.escapes === true && markup.emitsMarkup;
}
