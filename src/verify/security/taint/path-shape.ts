import ts from 'typescript';
import { type ResolvedCallee, skipOuter } from './file-facts.js';
import { cleanedFor, mapTaint, type Taint, type Tainted } from './taint-value.js';

/** String methods whose result starts as their receiver does, so a path that started with `/` still does. */
const startKeepingMethods = new Set([
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'trimEnd',
  'normalize',
]);
const prefixMethods = new Set(['slice', 'substring', 'substr']);

/** `s.replace(/\/+/g, '/')`: every run of slashes becomes one, so the result cannot start with `//`. */
function collapsesSlashes(call: ts.CallExpression, name: string): boolean {
  if (name !== 'replace' && name !== 'replaceAll') return false;
  const [pattern, replacement] = call.arguments.map((argument) => skipOuter(argument));
  if (!pattern || !replacement || !ts.isRegularExpressionLiteral(pattern)) return false;
  if (!ts.isStringLiteralLike(replacement) || replacement.text !== '/') return false;
  const closing = pattern.text.lastIndexOf('/');
  const source = pattern.text.slice(1, closing);
  const flags = pattern.text.slice(closing + 1);
  return flags.includes('g') && /^(\\\/\+|\\\/\\\/\+|\\\/\{[12],\})$/.test(source);
}

function keepsStart(call: ts.CallExpression, name: string): boolean {
  if (startKeepingMethods.has(name)) return true;
  const first = call.arguments[0] && skipOuter(call.arguments[0]);
  return prefixMethods.has(name) && !!first && ts.isNumericLiteral(first) && first.text === '0';
}

/**
 * The taint a string method's result carries from its receiver: all of it, but the knowledge that it
 * starts with `/` survives only methods that keep the start, and a rooted path with its slashes
 * collapsed is a path on the same site, safe as a redirect target.
 */
export function receiverResultTaint(
  callee: ResolvedCallee,
  call: ts.CallExpression,
  receiver: Tainted,
): Tainted {
  if (!receiver.some((taint) => taint.rootedPath)) return receiver;
  if (collapsesSlashes(call, callee.name)) {
    const rooted = receiver.filter((taint) => taint.rootedPath);
    const others = receiver.filter((taint) => !taint.rootedPath);
    return [...cleanedFor(rooted, ['redirect']), ...others];
  }
  if (keepsStart(call, callee.name)) return receiver;
  return mapTaint(receiver, (taint): Taint => {
    if (!taint.rootedPath) return taint;
    const { rootedPath: _dropped, ...rest } = taint;
    return rest;
  });
}
