import ts from 'typescript';
import { leadingText, skipOuter } from './file-facts.js';
import { taggedTemplateEffect } from './sanitisers.js';
import { checkSink } from './sink-check.js';
import { taggedCommandSinks } from './sinks/tagged-commands.js';
import { clean, cleanedFor, placedInFolder, type Tainted, union, withFlags } from './taint-value.js';
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

/** `[a, b].join(sep)` on an array written in place: its elements and the separator, else undefined. */
function literalJoin(
  expression: ts.Expression,
): { elements: ts.Expression[]; separator: string } | undefined {
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression))
    return undefined;
  if (expression.expression.name.text !== 'join' || expression.arguments.length > 1) return undefined;
  const array = skipOuter(expression.expression.expression);
  if (!ts.isArrayLiteralExpression(array)) return undefined;
  if (array.elements.some((element) => ts.isSpreadElement(element) || ts.isOmittedExpression(element)))
    return undefined;
  const argument = expression.arguments[0] && skipOuter(expression.arguments[0]);
  if (argument && !ts.isStringLiteralLike(argument)) return undefined;
  return { elements: [...array.elements], separator: argument ? argument.text : ',' };
}

/** Whether a call joins an array written in place, which builds a string as `+` does. */
export function isLiteralJoin(node: ts.CallExpression): boolean {
  return literalJoin(node) !== undefined;
}

/** The parts of a string built with `+`, a template or a join of an array literal, in order, with string constants read as their text. */
function stringParts(expression: ts.Expression, checker?: ts.TypeChecker): (string | ts.Expression)[] {
  const inner = skipOuter(expression);
  const constant = checker && constantText(checker, inner);
  if (constant !== undefined) return [constant];
  const joined = literalJoin(inner);
  if (joined)
    return joined.elements.flatMap((element, index) => [
      ...(index > 0 ? [joined.separator] : []),
      ...stringParts(element, checker),
    ]);
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

/** Whether the checker knows an expression's text (string literal types): then the text decides, not the guess that it is a base URL. */
function isKnownText(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expression);
  const members = type.isUnion() ? type.types : [type];
  return members.every(
    (member) => (member.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.Undefined)) !== 0,
  );
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

/**
 * Whether the first tainted part starts a path segment after an origin from code (`https://host/` +
 * value): the host is fixed, but `../` in the value walks to the target's other endpoints.
 */
function startsPathSegment(before: string | undefined): boolean {
  if (before === undefined || !before.endsWith('/') || /[?#]/.test(before)) return false;
  // A scheme and host, a protocol-relative host, or a base from code (`${apiBase}/`); not a path of the site's own.
  return /^([a-z][\w+.-]*:)?\/\/[^/]+\//i.test(before) || /^\*./.test(before);
}

/** A string built with `+` or a template: its parts combined, and safe for SSRF and redirects when its origin is fixed. */
export function evaluateStringBuilt(walk: WalkState, node: ts.Expression): Tainted {
  const parts = joinedParts(stringParts(node, walk.checker));
  let result: Tainted = clean;
  let trustedOrigin = false;
  let leadsWithCodeValue = false;
  let anythingBefore = false;
  let sawTaint = false;
  let before = '';
  let beforeTaint: string | undefined;
  for (const [index, part] of parts.entries()) {
    if (typeof part === 'string') {
      if (part.length > 0) anythingBefore = true;
      if (!sawTaint && index === 0 && fixedOrigin.test(part)) trustedOrigin = true;
      if (!sawTaint && index === 1 && result.length === 0 && /^[/?#]/.test(part)) trustedOrigin = true;
      if (!sawTaint) before += part;
      continue;
    }
    const value = walk.evaluate(part);
    if (!sawTaint && value.length > 0) beforeTaint = before;
    if (!sawTaint && value.length > 0 && fixesOrigin(before, index, value)) trustedOrigin = true;
    // A start the code computed (a configured base URL) stands where a scheme and host would.
    if (!sawTaint && value.length > 0 && before === '*' && leadsWithCodeValue) trustedOrigin = true;
    if (!sawTaint && before === '' && value.length === 0 && !isKnownText(walk.checker, part))
      leadsWithCodeValue = true;
    // Code's own text put a `?` or `#` first: what follows is a query or a fragment, never the host.
    if (!sawTaint && value.length > 0 && /[?#]/.test(before)) trustedOrigin = true;
    // An expression from code stands in the prefix as one placeholder character.
    if (!sawTaint) before += '*';
    if (value.length > 0) sawTaint = true;
    // Text glued in front of a normalised path leaves the whole unnormalised: `/srv` + `../x` keeps its `..`.
    const flags = anythingBefore
      ? { combined: true, container: false, normalised: false }
      : { combined: true, container: false };
    // A base name after a folder's text names an entry of that folder.
    result = union(result, withFlags(anythingBefore ? placedInFolder(value) : value, flags));
    anythingBefore = true;
    if (index === 0 && value.length === 0 && parts.length > 1) {
      const next = parts[1];
      if (typeof next === 'string' && /^[/?#]/.test(next)) trustedOrigin = true;
    }
  }
  const fixed =
    trustedOrigin || (leadingText(node) !== undefined && fixedOrigin.test(leadingText(node) ?? ''));
  if (!fixed) return result;
  return cleanedFor(result, startsPathSegment(beforeTaint) ? ['redirect'] : ['ssrf', 'redirect']);
}

/** A tagged template: what its tag does to the spans (a `sql` tag binds them, an `html` tag escapes them). */
export function evaluateTaggedTemplate(walk: WalkState, node: ts.TaggedTemplateExpression): Tainted {
  walk.evaluate(node.tag);
  const template = node.template;
  const spans = ts.isTemplateExpression(template)
    ? union(...template.templateSpans.map((span) => walk.evaluate(span.expression)))
    : clean;
  for (const sink of taggedCommandSinks(walk.facts, walk.checker, node))
    checkSink(walk, sink, node, walk.evaluateQuietly(sink.value));
  const effect = taggedTemplateEffect(node.tag, walk.sourceFile);
  if (effect?.effect === 'drop') return clean;
  if (effect?.effect === 'clean') return cleanedFor(withFlags(spans, { combined: true }), effect.kinds);
  return withFlags(spans, { combined: true });
}
