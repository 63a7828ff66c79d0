import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { predicateFacts } from './predicate-guards.js';
import { kindsSafeForCharacters, kindsSafeWithout, removedCharacters } from './sanitisers.js';
import { schemaGuardFacts } from './schema-validation.js';
import type { SinkKind } from './taint-value.js';

/** What a condition being true (or false) proves about a value, for the branch it guards. */
export type GuardFact =
  | { fact: 'clean'; target: ts.Expression }
  | { fact: 'cleanFor'; kinds: readonly SinkKind[]; target: ts.Expression }
  /** `target.startsWith(root + path.sep)`: confined to a folder, if target was normalised first. */
  | { fact: 'prefix'; target: ts.Expression }
  | { fact: 'slash'; target: ts.Expression }
  | { fact: 'noDoubleSlash'; target: ts.Expression };

export interface GuardContext {
  checker: ts.TypeChecker;
  /** Whether an expression carries taint: an allow-list must itself be trusted. */
  isTainted(expression: ts.Expression): boolean;
}

const validatorChecks =
  /^(isInt|isNumeric|isUUID|isAlphanumeric|isAlpha|isMongoId|isHexadecimal|isSlug|isIn|isBoolean|isDecimal|isFloat|isPort|isISO8601|isDate|validate|isValid|isValidObjectId|isInteger|isSafeInteger|isFinite)$/;

function calleeParts(call: ts.CallExpression): { name: string; receiver: ts.Expression | undefined } {
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return { name: callee.name.text, receiver: callee.expression };
  if (ts.isIdentifier(callee)) return { name: callee.text, receiver: undefined };
  return { name: '', receiver: undefined };
}

function constantInitializer(checker: ts.TypeChecker, expression: ts.Expression): ts.Expression | undefined {
  const inner = skipOuter(expression);
  if (!ts.isIdentifier(inner)) return undefined;
  const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
    return declaration.initializer;
  return undefined;
}

/** Whether a prefix ends with a path separator, so that `/srv/app-evil` cannot pass for `/srv/app`. */
export function endsWithSeparator(checker: ts.TypeChecker, expression: ts.Expression, depth = 0): boolean {
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text.endsWith('/') || inner.text.endsWith('\\');
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'sep') return true;
  if (ts.isIdentifier(inner) && inner.text === 'sep') return true;
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return endsWithSeparator(checker, inner.right, depth);
  if (ts.isTemplateExpression(inner)) {
    const last = inner.templateSpans[inner.templateSpans.length - 1];
    if (!last) return false;
    if (last.literal.text.length > 0)
      return last.literal.text.endsWith('/') || last.literal.text.endsWith('\\');
    return endsWithSeparator(checker, last.expression, depth);
  }
  if (ts.isConditionalExpression(inner))
    return (
      endsWithSeparator(checker, inner.whenTrue, depth) && endsWithSeparator(checker, inner.whenFalse, depth)
    );
  if (ts.isCallExpression(inner)) {
    const last = inner.arguments[inner.arguments.length - 1];
    return calleeParts(inner).name === 'join' && !!last && endsWithSeparator(checker, last, depth);
  }
  if (depth < 3) {
    const initializer = constantInitializer(checker, inner);
    if (initializer) return endsWithSeparator(checker, initializer, depth + 1);
  }
  return false;
}

/** A regular expression a value must match entirely, read for the characters it admits. */
function regexAllowList(checker: ts.TypeChecker, expression: ts.Expression): SinkKind[] | undefined {
  const inner = skipOuter(expression);
  const literal = ts.isRegularExpressionLiteral(inner)
    ? inner
    : (() => {
        const initializer = constantInitializer(checker, inner);
        return initializer && ts.isRegularExpressionLiteral(skipOuter(initializer))
          ? (skipOuter(initializer) as ts.RegularExpressionLiteral)
          : undefined;
      })();
  if (!literal) return undefined;
  const source = literal.text.slice(1, literal.text.lastIndexOf('/'));
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return undefined;
  const body = source.slice(1, -1);
  if (/\[\^|\\[sSWD]/.test(body)) return undefined;
  const withoutClasses = body.replace(/\[(?:\\.|[^\]])*\]/g, '');
  if (/(^|[^\\])\./.test(withoutClasses)) return undefined;
  const allowed = body
    .replace(/\{\d+(,\d*)?\}/g, '')
    .replace(/\(\?:|[()|+*?[\]]/g, '')
    .replace(/\\([wd])/g, '');
  return kindsSafeForCharacters(allowed);
}

/** The path.relative(root, target) call a variable holds, for `if (rel.startsWith('..')) throw`. */
function relativeTarget(checker: ts.TypeChecker, expression: ts.Expression): ts.Expression | undefined {
  const initializer = constantInitializer(checker, expression);
  const call = initializer && skipOuter(initializer);
  if (call && ts.isCallExpression(call) && calleeParts(call).name === 'relative') return call.arguments[1];
  return undefined;
}

function atomFacts(context: GuardContext, expression: ts.Expression, truth: boolean): GuardFact[] {
  const { checker } = context;
  const call = constantCall(checker, expression);
  if (call) return atomFacts(context, call, truth);
  const validated = schemaGuardFacts(checker, expression, truth);
  if (validated) return validated;
  // A value that tested false is empty (or absent): nothing in it can inject.
  if ((ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression)) && !truth)
    return [{ fact: 'clean', target: expression }];
  const key = truth ? lookupKey(context, expression) : undefined;
  if (key) return [{ fact: 'clean', target: key }];
  if (ts.isCallExpression(expression)) {
    const summarised = predicateFacts(context, expression, truth, guardFacts);
    if (summarised) return summarised;
    const { name, receiver } = calleeParts(expression);
    const [first, second] = expression.arguments;
    if (!first) return [];
    if (receiver && (name === 'includes' || name === 'has') && truth && !context.isTainted(receiver)) {
      if (ts.isStringLiteralLike(skipOuter(first))) return [];
      const receiverType = checker.getTypeAtLocation(receiver);
      if (name === 'includes' && receiverType.flags & ts.TypeFlags.StringLike) return [];
      return [{ fact: 'clean', target: first }];
    }
    if (name === 'hasOwn' && second && truth && !context.isTainted(first))
      return [{ fact: 'clean', target: second }];
    if (name === 'hasOwnProperty' && truth) return [{ fact: 'clean', target: first }];
    if ((name === 'test' || name === 'exec') && receiver && truth) {
      const kinds = regexAllowList(checker, receiver);
      return kinds && kinds.length > 0 ? [{ fact: 'cleanFor', kinds, target: first }] : [];
    }
    if ((name === 'test' || name === 'exec') && receiver && !truth)
      return absentCharacterFacts(checker, receiver, first);
    if (name === 'match' && receiver && !truth) return absentCharacterFacts(checker, first, receiver);
    if (name === 'isIn' && truth) return [{ fact: 'clean', target: first }];
    if (validatorChecks.test(name) && truth) return [{ fact: 'clean', target: first }];
    if (name === 'startsWith' && receiver) {
      const prefix = skipOuter(first);
      if (ts.isStringLiteralLike(prefix) && prefix.text === '/')
        return truth ? [{ fact: 'slash', target: receiver }] : [];
      if (ts.isStringLiteralLike(prefix) && prefix.text === '//')
        return truth ? [] : [{ fact: 'noDoubleSlash', target: receiver }];
      if (ts.isStringLiteralLike(prefix) && prefix.text === '..' && !truth) {
        const target = relativeTarget(checker, receiver);
        return [{ fact: 'cleanFor', kinds: ['path'], target: target ?? receiver }];
      }
      if (truth && endsWithSeparator(checker, prefix)) return [{ fact: 'prefix', target: receiver }];
      return [];
    }
    if (name === 'includes' && receiver && !truth) {
      const needle = skipOuter(first);
      if (ts.isStringLiteralLike(needle) && needle.text === '..') {
        const target = relativeTarget(checker, receiver);
        return [{ fact: 'cleanFor', kinds: ['path'], target: target ?? receiver }];
      }
    }
    return [];
  }
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    const equal =
      operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
    const notEqual =
      operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsToken;
    if (!equal && !notEqual) {
      if (operator === ts.SyntaxKind.InKeyword && truth && !context.isTainted(expression.right))
        return [{ fact: 'clean', target: expression.left }];
      return [];
    }
    const holds = equal === truth;
    const left = skipOuter(expression.left);
    const right = skipOuter(expression.right);
    // `allowed[key] != undefined`: the key names an entry of a trusted table.
    for (const [side, other] of [
      [left, right],
      [right, left],
    ] as const) {
      const key = lookupKey(context, side);
      if (key && isNullish(other)) return holds ? [] : [{ fact: 'clean', target: key }];
    }
    for (const [side, other] of [
      [left, right],
      [right, left],
    ] as const) {
      if (ts.isTypeOfExpression(side) && ts.isStringLiteralLike(other)) {
        if (!holds) return [];
        if (other.text === 'number' || other.text === 'boolean')
          return [{ fact: 'clean', target: side.expression }];
        if (other.text === 'string') return [{ fact: 'cleanFor', kinds: ['nosql'], target: side.expression }];
        return [];
      }
    }
    if (holds) {
      if (!context.isTainted(right) && !isNullish(right)) return [{ fact: 'clean', target: left }];
      if (!context.isTainted(left) && !isNullish(left)) return [{ fact: 'clean', target: right }];
    }
    // list.indexOf(x) !== -1
    if (
      ts.isCallExpression(left) &&
      calleeParts(left).name === 'indexOf' &&
      ts.isPrefixUnaryExpression(right)
    ) {
      const argument = left.arguments[0];
      if (argument && notEqual === truth) return [{ fact: 'clean', target: argument }];
    }
  }
  return [];
}

function isNullish(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return (
    inner.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(inner) && inner.text === 'undefined') ||
    ts.isVoidExpression(inner)
  );
}

/** `allowed[key]` of a trusted object: a key that finds an entry there is one of its keys. */
function lookupKey(context: GuardContext, expression: ts.Expression): ts.Expression | undefined {
  const inner = skipOuter(expression);
  if (!ts.isElementAccessExpression(inner) || context.isTainted(inner.expression)) return undefined;
  return context.isTainted(inner.argumentExpression) ? inner.argumentExpression : undefined;
}

/** What both sides of `a || b` prove when either may be the one that held: `x === 'a' || x === 'b'` cleans x. */
function commonFacts(left: readonly GuardFact[], right: readonly GuardFact[]): GuardFact[] {
  const common: GuardFact[] = [];
  for (const fact of left) {
    const others = right.filter((other) => other.target.getText() === fact.target.getText());
    if (
      others.some(
        (other) => other.fact === fact.fact && other.fact !== 'cleanFor' && fact.fact !== 'cleanFor',
      )
    ) {
      common.push(fact);
      continue;
    }
    // Clean on one side and clean for some sinks on the other: clean for those sinks either way.
    const kindsOf = (item: GuardFact) =>
      item.fact === 'clean' ? undefined : item.fact === 'cleanFor' ? item.kinds : [];
    if (fact.fact !== 'clean' && fact.fact !== 'cleanFor') continue;
    for (const other of others) {
      if (other.fact !== 'clean' && other.fact !== 'cleanFor') continue;
      const mine = kindsOf(fact);
      const theirs = kindsOf(other);
      const kinds =
        mine === undefined
          ? theirs
          : theirs === undefined
            ? mine
            : mine.filter((kind) => theirs.includes(kind));
      if (kinds && kinds.length > 0) common.push({ fact: 'cleanFor', kinds, target: fact.target });
      break;
    }
  }
  return common;
}

/** `check(x) === false`, `valid != true`: a test compared with a boolean literal, read as the test itself. */
function comparedWithBoolean(
  expression: ts.BinaryExpression,
): { operand: ts.Expression; equal: boolean } | undefined {
  const operator = expression.operatorToken.kind;
  const strict =
    operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken;
  if (!strict) return undefined;
  const negated = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken;
  const right = skipOuter(expression.right);
  const left = skipOuter(expression.left);
  const literal = (node: ts.Expression) =>
    node.kind === ts.SyntaxKind.TrueKeyword
      ? true
      : node.kind === ts.SyntaxKind.FalseKeyword
        ? false
        : undefined;
  const value = literal(right) ?? literal(left);
  if (value === undefined) return undefined;
  const operand = literal(right) === undefined ? right : left;
  if (!ts.isCallExpression(operand)) return undefined;
  return { operand, equal: value !== negated };
}

/** A regular expression literal, written in place or held by a constant. */
function regexLiteral(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): ts.RegularExpressionLiteral | undefined {
  const inner = skipOuter(expression);
  if (ts.isRegularExpressionLiteral(inner)) return inner;
  const initializer = constantInitializer(checker, inner);
  const literal = initializer && skipOuter(initializer);
  return literal && ts.isRegularExpressionLiteral(literal) ? literal : undefined;
}

/**
 * `!/["'&<>]/.test(value)`, `!value.match(/[\r\n]/)`: a value proved to hold none of a class of
 * characters is safe for each sink whose metacharacters are all in the class.
 */
function absentCharacterFacts(
  checker: ts.TypeChecker,
  pattern: ts.Expression,
  target: ts.Expression,
): GuardFact[] {
  const literal = regexLiteral(checker, pattern);
  if (!literal) return [];
  const kinds = kindsSafeWithout(removedCharacters(literal.text.slice(1, literal.text.lastIndexOf('/'))));
  return kinds.length > 0 ? [{ fact: 'cleanFor', kinds, target }] : [];
}

/** A `const` whose value is a call: `const match = pattern.exec(text); if (!match) …` guards as the call does. */
function constantCall(checker: ts.TypeChecker, expression: ts.Expression): ts.CallExpression | undefined {
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
  const initializer = skipOuter(declaration.initializer);
  return ts.isCallExpression(initializer) ? initializer : undefined;
}

/** What a condition proves when it evaluates to `truth`; `&&` and `||` combine their sides. */
export function guardFacts(context: GuardContext, condition: ts.Expression, truth: boolean): GuardFact[] {
  const inner = skipOuter(condition);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken)
    return guardFacts(context, inner.operand, !truth);
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken && truth)
      return [...guardFacts(context, inner.left, true), ...guardFacts(context, inner.right, true)];
    if (operator === ts.SyntaxKind.BarBarToken)
      return truth
        ? commonFacts(guardFacts(context, inner.left, true), guardFacts(context, inner.right, true))
        : [...guardFacts(context, inner.left, false), ...guardFacts(context, inner.right, false)];
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken && !truth)
      return commonFacts(guardFacts(context, inner.left, false), guardFacts(context, inner.right, false));
    const compared = comparedWithBoolean(inner);
    if (compared) return guardFacts(context, compared.operand, compared.equal === truth);
  }
  return atomFacts(context, inner, truth);
}
