import ts from 'typescript';
import { leadingText, skipOuter } from './file-facts.js';
import { taggedTemplateEffect } from './sanitisers.js';
import { clean, cleanedFor, type Tainted, union, withFlags } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Text that fixes where a URL goes: a scheme and host, a path from the site's own root, or a relative path (a segment, then `/`, before any `:`). */
const fixedOrigin = /^(https?:\/\/[^/?#]+[/?#]|\/\/[^/?#\\]+[/?#]|\/[^/\\]|[^:/?#\\]+\/)/;

/**
 * Whether the first tainted part of a built string leaves its origin where the code put it: a path
 * known to start with `/` right after a scheme and a host from code (`https://${host}${req.originalUrl}`),
 * or, as the whole start, a rooted path whose slashes were collapsed.
 */
function fixesOrigin(before: string, index: number, value: Tainted): boolean {
  if (!value.every((taint) => taint.rootedPath)) return false;
  if (index === 0) return value.every((taint) => taint.cleanFor.has('redirect'));
  const host = /^https?:\/\/(.*)$/.exec(before)?.[1];
  return host !== undefined && host.length > 0 && !/[/?#]/.test(host);
}

/** The text of a `const` declared with a string literal, so that `HASH + value` reads as `'#' + value`. */
function constantText(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
  const initializer = skipOuter(declaration.initializer);
  return ts.isStringLiteralLike(initializer) ? initializer.text : undefined;
}

/** The parts of a string built with `+` or a template, in order, with string constants read as their text. */
function stringParts(expression: ts.Expression, checker?: ts.TypeChecker): (string | ts.Expression)[] {
  const inner = skipOuter(expression);
  const constant = checker && constantText(checker, inner);
  if (constant !== undefined) return [constant];
  if (ts.isTemplateExpression(inner)) {
    const parts: (string | ts.Expression)[] = [inner.head.text];
    for (const span of inner.templateSpans) parts.push(span.expression, span.literal.text);
    return parts;
  }
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return [...stringParts(inner.left, checker), ...stringParts(inner.right, checker)];
  if (ts.isStringLiteralLike(inner)) return [inner.text];
  return [inner];
}

/** The parts with neighbouring constant texts joined, so that `'/' + ('/u' + id)` reads as `'//u' + id`. */
function joinedParts(parts: (string | ts.Expression)[]): (string | ts.Expression)[] {
  const joined: (string | ts.Expression)[] = [];
  for (const part of parts) {
    const last = joined[joined.length - 1];
    if (typeof part === 'string' && typeof last === 'string') joined[joined.length - 1] = last + part;
    else joined.push(part);
  }
  return joined;
}

/** A string built with `+` or a template: its parts combined, and safe for SSRF and redirects when its origin is fixed. */
export function evaluateStringBuilt(walk: WalkState, node: ts.Expression): Tainted {
  const parts = joinedParts(stringParts(node, walk.checker));
  let result: Tainted = clean;
  let trustedOrigin = false;
  let sawTaint = false;
  let before = '';
  for (const [index, part] of parts.entries()) {
    if (typeof part === 'string') {
      if (!sawTaint && index === 0 && fixedOrigin.test(part)) trustedOrigin = true;
      if (!sawTaint && index === 1 && result.length === 0 && /^[/?#]/.test(part)) trustedOrigin = true;
      if (!sawTaint) before += part;
      continue;
    }
    const value = walk.evaluate(part);
    if (!sawTaint && value.length > 0 && fixesOrigin(before, index, value)) trustedOrigin = true;
    // Code's own text put a `?` or `#` first: what follows is a query or a fragment, never the host.
    if (!sawTaint && value.length > 0 && /[?#]/.test(before)) trustedOrigin = true;
    // An expression from code stands in the prefix as one placeholder character.
    if (!sawTaint) before += '*';
    if (value.length > 0) sawTaint = true;
    result = union(result, withFlags(value, { combined: true, container: false }));
    if (index === 0 && value.length === 0 && parts.length > 1) {
      const next = parts[1];
      if (typeof next === 'string' && /^[/?#]/.test(next)) trustedOrigin = true;
    }
  }
  const fixed =
    trustedOrigin || (leadingText(node) !== undefined && fixedOrigin.test(leadingText(node) ?? ''));
  return fixed ? cleanedFor(result, ['ssrf', 'redirect']) : result;
}

/** A tagged template: what its tag does to the spans (a `sql` tag binds them, an `html` tag escapes them). */
export function evaluateTaggedTemplate(walk: WalkState, node: ts.TaggedTemplateExpression): Tainted {
  walk.evaluate(node.tag);
  const template = node.template;
  const spans = ts.isTemplateExpression(template)
    ? union(...template.templateSpans.map((span) => walk.evaluate(span.expression)))
    : clean;
  const effect = taggedTemplateEffect(node.tag, walk.sourceFile);
  if (effect?.effect === 'drop') return clean;
  if (effect?.effect === 'clean') return cleanedFor(withFlags(spans, { combined: true }), effect.kinds);
  return withFlags(spans, { combined: true });
}
