import ts from 'typescript';
import { propertyOf, skipOuter } from './file-facts.js';
import { packageOfValue } from './package-values.js';

/** Plugin packages that clean the HTML a Markdown pipeline makes (rehype-sanitize, markdown-it-sanitizer…). */
const sanitisingPlugin = /(^|[-/])saniti[sz](e|er)$/;

/** The calls a value is made through, from the last back to where it starts, following `const` names. */
type MakingCall = ts.CallExpression | ts.NewExpression;

function isLoader(call: MakingCall): boolean {
  const callee = skipOuter(call.expression);
  return (
    ts.isCallExpression(call) &&
    (callee.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(callee) && callee.text === 'require') ||
      (ts.isPropertyAccessExpression(callee) && callee.name.text === 'require'))
  );
}

function madeThrough(checker: ts.TypeChecker, expression: ts.Expression): MakingCall[] {
  const calls: MakingCall[] = [];
  let current = skipOuter(expression);
  for (let steps = 0; steps < 20; steps += 1) {
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) {
      if (!isLoader(current)) calls.push(current);
      current = skipOuter(current.expression);
    } else if (ts.isPropertyAccessExpression(current)) {
      current = skipOuter(current.expression);
    } else if (ts.isIdentifier(current)) {
      const symbol = checker.getSymbolAtLocation(current);
      const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) break;
      current = skipOuter(declaration.initializer);
    } else break;
  }
  return calls;
}

function usesSanitiser(checker: ts.TypeChecker, calls: MakingCall[]): boolean {
  return calls.some((call) => {
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'use') return false;
    const plugin = call.arguments?.[0];
    const module = plugin && packageOfValue(checker, plugin);
    return module !== undefined && sanitisingPlugin.test(module);
  });
}

/**
 * markdown-it escapes raw HTML in its input unless made with `html: true` (or the `commonmark`
 * preset, which turns it on): the options are read where the instance is made.
 */
function markdownItEscapes(calls: MakingCall[]): boolean {
  const made = calls[calls.length - 1];
  if (!made) return false;
  const [preset, options] = made.arguments ?? [];
  const presetNode = preset && skipOuter(preset);
  if (presetNode && ts.isStringLiteralLike(presetNode) && presetNode.text === 'commonmark') return false;
  const settings = presetNode && ts.isObjectLiteralExpression(presetNode) ? presetNode : options;
  if (settings && !ts.isObjectLiteralExpression(skipOuter(settings))) return false;
  const html = propertyOf(settings, 'html');
  return html === undefined || skipOuter(html).kind === ts.SyntaxKind.FalseKeyword;
}

/**
 * Whether a Markdown renderer's call gives back HTML with its input's markup escaped or sanitised: a
 * pipeline with a sanitising plugin, or markdown-it with raw HTML left off.
 */
export function rendersEscapedMarkup(checker: ts.TypeChecker, callee: ts.Expression): boolean {
  const calls = madeThrough(checker, callee);
  if (usesSanitiser(checker, calls)) return true;
  const module = packageOfValue(checker, callee);
  return module === 'markdown-it' && markdownItEscapes(calls);
}
