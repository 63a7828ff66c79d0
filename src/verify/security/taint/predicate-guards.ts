import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { functionOfDeclaration, resolvedSymbol } from './function-values.js';
import type { GuardContext, GuardFact } from './guards.js';

type FactsOf = (context: GuardContext, condition: ts.Expression, truth: boolean) => GuardFact[];

/** How deep one predicate may lean on another before the analysis stops reading. */
const maxPredicateDepth = 3;
let predicateDepth = 0;

function literalTruth(expression: ts.Expression): boolean | undefined {
  const inner = skipOuter(expression);
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword) return false;
  if (ts.isIdentifier(inner) && inner.text === 'undefined') return false;
  if (ts.isNumericLiteral(inner)) return Number(inner.text) !== 0;
  if (ts.isStringLiteralLike(inner)) return inner.text.length > 0;
  return undefined;
}

/** The value a statement returns when it is nothing but `return x` (or a block holding only that). */
function soleReturn(statement: ts.Statement): ts.Expression | null | undefined {
  if (ts.isReturnStatement(statement)) return statement.expression ?? null;
  if (ts.isBlock(statement) && statement.statements.length === 1 && statement.statements[0])
    return soleReturn(statement.statements[0]);
  return undefined;
}

/** `throw …`, alone or in a block: the path ends without an answer. */
function throwsOnly(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement)) return true;
  return (
    ts.isBlock(statement) &&
    statement.statements.length === 1 &&
    !!statement.statements[0] &&
    ts.isThrowStatement(statement.statements[0])
  );
}

/** Every `return` of a body, not those of functions nested in it. */
function returnsOf(body: ts.Node): ts.ReturnStatement[] {
  const found: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** Parameters and the locals computed from them: inside the predicate these stand for the caller's data. */
function parameterDerived(
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration & { body?: ts.Node },
): Set<ts.Symbol> {
  const derived = new Set<ts.Symbol>();
  for (const parameter of fn.parameters) {
    const symbol = ts.isIdentifier(parameter.name) ? checker.getSymbolAtLocation(parameter.name) : undefined;
    if (symbol) derived.add(symbol);
  }
  const declarations: ts.VariableDeclaration[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name))
      declarations.push(node);
    ts.forEachChild(node, collect);
  };
  if (fn.body) ts.forEachChild(fn.body, collect);
  for (let pass = 0; pass < 3; pass += 1) {
    for (const declaration of declarations) {
      const symbol = checker.getSymbolAtLocation(declaration.name);
      if (symbol && !derived.has(symbol) && mentions(checker, declaration.initializer, derived))
        derived.add(symbol);
    }
  }
  return derived;
}

function mentions(checker: ts.TypeChecker, node: ts.Node | undefined, symbols: Set<ts.Symbol>): boolean {
  if (!node) return false;
  if (ts.isIdentifier(node)) {
    const symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbols.has(symbol)) return true;
  }
  return ts.forEachChild(node, (child) => mentions(checker, child, symbols) || undefined) ?? false;
}

/** The parameter position an expression inside the predicate names, if it is one of them. */
function parameterIndex(
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration,
  expression: ts.Expression,
): number | undefined {
  const inner = skipOuter(expression);
  if (!ts.isIdentifier(inner)) return undefined;
  const symbol = checker.getSymbolAtLocation(inner);
  const index = fn.parameters.findIndex(
    (parameter) => ts.isIdentifier(parameter.name) && checker.getSymbolAtLocation(parameter.name) === symbol,
  );
  return index >= 0 ? index : undefined;
}

/** `new URL(x, base)`, `url.parse(x)`, or a local holding one: the URL parsed from parameter x. */
function parsedFrom(
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration,
  expression: ts.Expression,
  depth = 0,
): number | undefined {
  const inner = skipOuter(expression);
  const direct = parameterIndex(checker, fn, inner);
  if (direct !== undefined) return direct;
  if ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && inner.arguments?.[0])
    return parameterIndex(checker, fn, inner.arguments[0]);
  if (ts.isIdentifier(inner) && depth < 2) {
    const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      return parsedFrom(checker, fn, declaration.initializer, depth + 1);
  }
  return undefined;
}

/** A fact proved inside the predicate, restated about the caller's argument it concerns. */
function factForArgument(
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration,
  call: ts.CallExpression,
  fact: GuardFact,
): GuardFact | undefined {
  const target = skipOuter(fact.target);
  const index = parameterIndex(checker, fn, target);
  const argument = index === undefined ? undefined : call.arguments[index];
  if (argument) return { ...fact, target: argument };
  // `new URL(x, base).origin === base`: the host of x is one the code chose.
  if (fact.fact === 'clean' && ts.isPropertyAccessExpression(target)) {
    if (!/^(hostname|host|origin)$/.test(target.name.text)) return undefined;
    const from = parsedFrom(checker, fn, target.expression);
    const parsed = from === undefined ? undefined : call.arguments[from];
    if (parsed) return { fact: 'cleanFor', kinds: ['ssrf', 'redirect'], target: parsed };
  }
  return undefined;
}

/** Facts of one way the predicate can answer `truth`: guards passed on the way, then the returned value. */
function outcomeFacts(
  inner: GuardContext,
  factsOf: FactsOf,
  value: ts.Expression,
  passed: readonly GuardFact[],
  truth: boolean,
): GuardFact[] | undefined {
  const constant = literalTruth(value);
  if (constant === undefined) return [...passed, ...factsOf(inner, value, truth)];
  return constant === truth ? [...passed] : undefined;
}

/** What each way of answering `truth` proves; undefined when some way of answering proves nothing readable. */
function answers(
  inner: GuardContext,
  factsOf: FactsOf,
  fn: ts.SignatureDeclaration & { body?: ts.Node },
  truth: boolean,
): GuardFact[][] | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) {
    const facts = outcomeFacts(inner, factsOf, body as ts.Expression, [], truth);
    return facts ? [facts] : [];
  }
  // `if (!ok(x)) return false; … return true;`: guards that leave early hold for what follows.
  const passed: GuardFact[] = [];
  const outcomes: GuardFact[][] = [];
  const leadingReturns = new Set<ts.ReturnStatement>();
  for (const statement of body.statements) {
    if (ts.isIfStatement(statement) && !statement.elseStatement) {
      if (throwsOnly(statement.thenStatement)) {
        passed.push(...factsOf(inner, statement.expression, false));
        continue;
      }
      const early = soleReturn(statement.thenStatement);
      if (early !== undefined) {
        const returned = early === null ? ts.factory.createFalse() : early;
        const taken = [...passed, ...factsOf(inner, statement.expression, true)];
        const facts = outcomeFacts(inner, factsOf, returned, taken, truth);
        if (facts) outcomes.push(facts);
        passed.push(...factsOf(inner, statement.expression, false));
        for (const returnStatement of returnsOf(statement)) leadingReturns.add(returnStatement);
        continue;
      }
    }
    if (ts.isReturnStatement(statement)) {
      leadingReturns.add(statement);
      const returned = statement.expression ?? ts.factory.createFalse();
      const facts = outcomeFacts(inner, factsOf, returned, passed, truth);
      if (facts) outcomes.push(facts);
      break;
    }
    // A statement that cannot answer (a declaration, a call) leaves the guards passed so far standing.
    if (returnsOf(statement).length > 0 || ts.isReturnStatement(statement)) break;
  }
  // Returns elsewhere (in a try block, a loop…): each is read on its own, with no guard before it.
  for (const statement of returnsOf(body)) {
    if (leadingReturns.has(statement)) continue;
    const facts = outcomeFacts(inner, factsOf, statement.expression ?? ts.factory.createFalse(), [], truth);
    if (facts) outcomes.push(facts);
  }
  return outcomes;
}

/** Facts every outcome shares, compared by what they say and about which argument. */
function shared(outcomes: GuardFact[][]): GuardFact[] {
  const [first, ...rest] = outcomes;
  if (!first) return [];
  const same = (left: GuardFact, right: GuardFact): boolean =>
    left.fact === right.fact &&
    left.target === right.target &&
    (left.fact !== 'cleanFor' ||
      (right.fact === 'cleanFor' && left.kinds.every((kind) => right.kinds.includes(kind))));
  return first.filter((fact) => rest.every((outcome) => outcome.some((other) => same(fact, other))));
}

/**
 * What a call of the project's own predicate proves about its arguments when it answers `truth`, read
 * from its body: `function isLocal(u) { return new URL(u, base).origin === base.origin }` confines u's
 * host. Undefined when the callee is not a project function the analysis can read; an empty list when
 * it is one but proves nothing, so that a name such as `isValid` is never taken on trust.
 */
export function predicateFacts(
  context: GuardContext,
  call: ts.CallExpression,
  truth: boolean,
  factsOf: FactsOf,
): GuardFact[] | undefined {
  const { checker } = context;
  const callee = skipOuter(call.expression);
  // `check(x)`, `this.check(x)`, `helpers.check(x)`: whatever names a function of the project.
  const name = ts.isIdentifier(callee)
    ? callee
    : ts.isPropertyAccessExpression(callee)
      ? callee.name
      : undefined;
  if (!name) return undefined;
  const symbol = resolvedSymbol(checker, name);
  const fn = functionOfDeclaration(symbol?.valueDeclaration ?? symbol?.declarations?.[0]);
  if (!fn) return undefined;
  if (predicateDepth >= maxPredicateDepth) return [];
  const derived = parameterDerived(checker, fn);
  const inner: GuardContext = {
    checker,
    isTainted: (expression) => mentions(checker, expression, derived) || context.isTainted(expression),
  };
  predicateDepth += 1;
  try {
    const outcomes = answers(inner, factsOf, fn, truth);
    if (!outcomes || outcomes.length === 0) return [];
    const restated = outcomes.map((facts) =>
      facts.flatMap((fact) => {
        const mapped = factForArgument(checker, fn, call, fact);
        return mapped ? [mapped] : [];
      }),
    );
    return shared(restated);
  } finally {
    predicateDepth -= 1;
  }
}
