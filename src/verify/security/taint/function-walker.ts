import ts from 'typescript';
import {
  type FileFacts,
  leadingText,
  lineOf,
  type ResolvedCallee,
  resolveCallee,
  shortText,
  skipOuter,
} from './file-facts.js';
import { type GuardFact, guardFacts } from './guards.js';
import { classifyCall, taggedTemplateEffect } from './sanitisers.js';
import { assignmentSink, callSinks, type SinkUse } from './sinks.js';
import { isRequestIdentifier, matchSource } from './sources.js';
import { declarationKey, referenceKey, TaintEnvironment } from './taint-env.js';
import {
  clean,
  cleanedFor,
  compose,
  mapTaint,
  type SinkKind,
  sourceTaint,
  type Taint,
  type Tainted,
  union,
  withFlags,
  withStep,
} from './taint-value.js';

/** A tainted value reaching a sink. */
export interface SinkHit {
  kind: SinkKind;
  taint: Taint;
  /** The sink call or assignment. */
  node: ts.Node;
  label: string;
  /** Calls the taint went through to reach the sink, innermost first: where to report when the sink's file is not a target. */
  via: readonly ts.Node[];
}

/** What a function does with taint given through its parameters, reused at every call. */
export interface FunctionSummary {
  /** Per parameter, how its taint comes back in the return value (flags and cleaning). */
  returns: Map<number, Taint>;
  /** Taint from sources read inside the function that it returns (`getName(req)`). */
  returnsSources: Tainted;
  /** Sinks reached by parameter taint. */
  hits: SinkHit[];
}

export type FunctionLike = ts.SignatureDeclaration & { body?: ts.ConciseBody | undefined };

/** What a walker needs from the analysis around it. */
export interface WalkerHooks {
  checker: ts.TypeChecker;
  envSources: boolean;
  factsFor(sourceFile: ts.SourceFile): FileFacts;
  /** The summary of a function declared in the project, or undefined (external, or being computed). */
  summaryOf(declaration: FunctionLike): FunctionSummary | undefined;
  /** Whether a function gets its own summary rather than being walked where it appears. */
  hasOwnSummary(node: ts.Node): boolean;
  reportSource(hit: SinkHit): void;
}

const arrayCallbacks = new Set([
  'map',
  'forEach',
  'filter',
  'find',
  'flatMap',
  'some',
  'every',
  'findLast',
  'sort',
]);
const propagatingFunctions = new Set([
  'String',
  'decodeURIComponent',
  'decodeURI',
  'unescape',
  'structuredClone',
  'format',
  'parse',
  'from',
  'assign',
  'values',
  'entries',
  'fromEntries',
  'keys',
  'concat',
  'resolve',
  'all',
]);
const fixedOrigin = /^(https?:\/\/[^/?#]+[/?#]|\/[^/\\])/;

function isExit(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return !!last && isExit(last);
  }
  if (ts.isIfStatement(statement))
    return !!statement.elseStatement && isExit(statement.thenStatement) && isExit(statement.elseStatement);
  if (ts.isExpressionStatement(statement)) {
    const text = statement.expression.getText();
    return /^process\.exit\(|^next\(|^\w+\.throw\(/.test(text);
  }
  return false;
}

/** The parts of a string built with `+` or a template, in order. */
function stringParts(expression: ts.Expression): (string | ts.Expression)[] {
  const inner = skipOuter(expression);
  if (ts.isTemplateExpression(inner)) {
    const parts: (string | ts.Expression)[] = [inner.head.text];
    for (const span of inner.templateSpans) parts.push(span.expression, span.literal.text);
    return parts;
  }
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return [...stringParts(inner.left), ...stringParts(inner.right)];
  if (ts.isStringLiteralLike(inner)) return [inner.text];
  return [inner];
}

/**
 * Walks one function (or a file's top level) in order, keeping taint per variable; branches are
 * walked apart and joined, guards clean what they prove, loops run twice.
 */
export class FunctionWalker {
  environment: TaintEnvironment;
  private returned: Tainted = clean;
  private silent = 0;
  private readonly facts: FileFacts;
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly hooks: WalkerHooks,
    private readonly sourceFile: ts.SourceFile,
    private readonly summary: FunctionSummary | undefined,
    environment?: TaintEnvironment,
  ) {
    this.facts = hooks.factsFor(sourceFile);
    this.checker = hooks.checker;
    this.environment = environment ?? new TaintEnvironment();
  }

  /** Walks a function body with its parameters bound, and returns what it returns. */
  walkFunction(fn: FunctionLike, parameters: readonly Tainted[]): Tainted {
    const saved = this.returned;
    this.returned = clean;
    fn.parameters.forEach((parameter, index) => {
      const value = parameters[index] ?? clean;
      const withDefault = parameter.initializer
        ? union(value, this.expression(parameter.initializer))
        : value;
      this.bind(parameter.name, withDefault, lineOf(parameter, this.sourceFile));
    });
    const body = fn.body;
    if (body && ts.isBlock(body)) this.statements(body.statements);
    else if (body) this.returned = union(this.returned, this.expression(body));
    const result = this.returned;
    this.returned = saved;
    return result;
  }

  statements(statements: readonly ts.Statement[]): boolean {
    for (const statement of statements) {
      if (this.statement(statement)) return true;
    }
    return false;
  }

  private inBranch(environment: TaintEnvironment, walk: () => unknown): TaintEnvironment {
    const saved = this.environment;
    this.environment = environment;
    try {
      walk();
    } finally {
      this.environment = saved;
    }
    return environment;
  }

  /** Walks a statement; true when it always leaves the block (return, throw). */
  statement(statement: ts.Statement): boolean {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) this.declaration(declaration);
      return false;
    }
    if (ts.isExpressionStatement(statement)) {
      this.expression(statement.expression);
      return isExit(statement);
    }
    if (ts.isReturnStatement(statement)) {
      if (statement.expression) this.returned = union(this.returned, this.expression(statement.expression));
      return true;
    }
    if (ts.isThrowStatement(statement)) {
      this.expression(statement.expression);
      return true;
    }
    if (ts.isBlock(statement)) return this.statements(statement.statements);
    if (ts.isIfStatement(statement)) return this.ifStatement(statement);
    if (ts.isForOfStatement(statement) || ts.isForInStatement(statement)) {
      const iterated = this.iterated(statement.expression);
      this.loop(() => {
        const initializer = statement.initializer;
        if (ts.isVariableDeclarationList(initializer)) {
          for (const declaration of initializer.declarations)
            this.bind(declaration.name, iterated, lineOf(declaration, this.sourceFile));
        } else this.assign(initializer, iterated, ts.SyntaxKind.EqualsToken);
        this.statement(statement.statement);
      });
      return false;
    }
    if (ts.isForStatement(statement)) {
      if (statement.initializer) {
        if (ts.isVariableDeclarationList(statement.initializer))
          for (const declaration of statement.initializer.declarations) this.declaration(declaration);
        else this.expression(statement.initializer);
      }
      this.loop(() => {
        if (statement.condition) this.expression(statement.condition);
        this.statement(statement.statement);
        if (statement.incrementor) this.expression(statement.incrementor);
      });
      return false;
    }
    if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) {
      this.loop(() => {
        this.expression(statement.expression);
        this.statement(statement.statement);
      });
      return false;
    }
    if (ts.isSwitchStatement(statement)) return this.switchStatement(statement);
    if (ts.isTryStatement(statement)) {
      const before = this.environment.clone();
      const tryExits = this.statements(statement.tryBlock.statements);
      if (statement.catchClause) {
        const afterTry = this.environment;
        const catchEnvironment = before.clone();
        catchEnvironment.joinWith(afterTry);
        this.inBranch(catchEnvironment, () => this.statements(statement.catchClause?.block.statements ?? []));
        if (tryExits) this.environment.replaceWith(catchEnvironment);
        else this.environment.joinWith(catchEnvironment);
      }
      if (statement.finallyBlock) this.statements(statement.finallyBlock.statements);
      return false;
    }
    if (ts.isLabeledStatement(statement)) return this.statement(statement.statement);
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      if (ts.isFunctionDeclaration(statement)) this.hooks.summaryOf(statement);
      return false;
    }
    if (ts.isExportAssignment(statement)) {
      this.expression(statement.expression);
      return false;
    }
    return false;
  }

  private loop(walk: () => void): void {
    const before = this.environment.clone();
    walk();
    walk();
    this.environment.joinWith(before);
  }

  private ifStatement(statement: ts.IfStatement): boolean {
    this.expression(statement.expression);
    const whenTrue = this.environment.clone();
    const whenFalse = this.environment.clone();
    this.applyFacts(whenTrue, this.factsOf(statement.expression, true));
    this.applyFacts(whenFalse, this.factsOf(statement.expression, false));
    let thenExits = false;
    let elseExits = false;
    this.inBranch(whenTrue, () => {
      thenExits = this.statement(statement.thenStatement);
    });
    this.inBranch(whenFalse, () => {
      if (statement.elseStatement) elseExits = this.statement(statement.elseStatement);
    });
    if (thenExits && elseExits) return true;
    if (thenExits) this.environment.replaceWith(whenFalse);
    else if (elseExits) this.environment.replaceWith(whenTrue);
    else {
      this.environment.replaceWith(whenTrue);
      this.environment.joinWith(whenFalse);
    }
    return false;
  }

  private switchStatement(statement: ts.SwitchStatement): boolean {
    this.expression(statement.expression);
    const before = this.environment.clone();
    const key = referenceKey(this.checker, statement.expression);
    let joined: TaintEnvironment | undefined;
    let allExit = statement.caseBlock.clauses.some((clause) => ts.isDefaultClause(clause));
    for (const clause of statement.caseBlock.clauses) {
      const branch = before.clone();
      if (ts.isCaseClause(clause) && key && !this.isTainted(clause.expression)) branch.set(key, clean);
      let exits = false;
      this.inBranch(branch, () => {
        exits = this.statements(clause.statements);
      });
      const last = clause.statements[clause.statements.length - 1];
      const breaks = !!last && ts.isBreakStatement(last);
      if (!exits || breaks) allExit = false;
      if (!exits || breaks || (last && !ts.isReturnStatement(last) && !ts.isThrowStatement(last))) {
        if (joined) joined.joinWith(branch);
        else joined = branch;
      }
    }
    if (allExit) return true;
    const hasDefault = statement.caseBlock.clauses.some((clause) => ts.isDefaultClause(clause));
    if (!hasDefault) {
      if (joined) joined.joinWith(before);
      else joined = before;
    }
    this.environment.replaceWith(joined ?? before);
    return false;
  }

  private iterated(expression: ts.Expression): Tainted {
    const inner = skipOuter(expression);
    if (ts.isIdentifier(inner) && isRequestIdentifier(this.checker, inner)) {
      const line = lineOf(inner, this.sourceFile);
      return [sourceTaint({ category: 'request', label: `${inner.text} (request body)` }, line)];
    }
    return withFlags(this.expression(expression), { container: false });
  }

  private declaration(declaration: ts.VariableDeclaration): void {
    if (!declaration.initializer) return;
    const initializer = skipOuter(declaration.initializer);
    if (
      (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) &&
      this.hooks.hasOwnSummary(initializer)
    ) {
      this.hooks.summaryOf(initializer);
      return;
    }
    const value = this.expression(declaration.initializer);
    this.bind(declaration.name, value, lineOf(declaration, this.sourceFile));
  }

  /** Binds a name or a destructuring pattern to a value's taint. */
  bind(name: ts.BindingName, value: Tainted, line: number): void {
    if (ts.isIdentifier(name)) {
      const key = declarationKey(this.checker, name);
      if (key) this.environment.set(key, withStep(value, name.text, line));
      return;
    }
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      let part = withFlags(value, { container: false });
      if (element.initializer) part = union(part, this.expression(element.initializer));
      this.bind(element.name, part, line);
    }
  }

  private factsOf(condition: ts.Expression, truth: boolean): GuardFact[] {
    this.silent++;
    try {
      return guardFacts(
        { checker: this.checker, isTainted: (expression) => this.isTainted(expression) },
        condition,
        truth,
      );
    } finally {
      this.silent--;
    }
  }

  isTainted(expression: ts.Expression): boolean {
    this.silent++;
    try {
      return this.expression(expression).length > 0;
    } finally {
      this.silent--;
    }
  }

  private applyFacts(environment: TaintEnvironment, facts: readonly GuardFact[]): void {
    if (facts.length === 0) return;
    this.inBranch(environment, () => {
      const slash = new Set<string>();
      const noDoubleSlash = new Set<string>();
      for (const fact of facts) {
        const key = referenceKey(this.checker, fact.target);
        const target = skipOuter(fact.target);
        if (fact.fact === 'clean') {
          if (key) environment.set(key, clean);
          if (ts.isPropertyAccessExpression(target) && /^(hostname|host|origin)$/.test(target.name.text))
            this.cleanHost(environment, target.expression);
          continue;
        }
        if (!key) continue;
        const current = this.quietly(() => this.expression(fact.target));
        if (fact.fact === 'cleanFor') environment.set(key, cleanedFor(current, fact.kinds));
        else if (fact.fact === 'prefix')
          environment.set(
            key,
            mapTaint(current, (taint) =>
              taint.normalised ? { ...taint, cleanFor: new Set([...taint.cleanFor, 'path']) } : taint,
            ),
          );
        else if (fact.fact === 'slash') slash.add(key);
        else noDoubleSlash.add(key);
      }
      for (const key of slash) {
        if (!noDoubleSlash.has(key)) continue;
        const fact = facts.find((item) => referenceKey(this.checker, item.target) === key);
        if (fact)
          environment.set(
            key,
            cleanedFor(
              this.quietly(() => this.expression(fact.target)),
              ['redirect'],
            ),
          );
      }
    });
  }

  /** `allowed.includes(url.hostname)`: the URL (and what it was parsed from) goes only where allowed. */
  private cleanHost(environment: TaintEnvironment, urlExpression: ts.Expression): void {
    const inner = skipOuter(urlExpression);
    const targets = ts.isNewExpression(inner) && inner.arguments?.[0] ? [inner.arguments[0]] : [inner];
    for (const target of targets) {
      const key = referenceKey(this.checker, target);
      if (key)
        environment.set(
          key,
          cleanedFor(
            this.quietly(() => this.expression(target)),
            ['ssrf', 'redirect'],
          ),
        );
    }
  }

  private quietly<T>(evaluate: () => T): T {
    this.silent++;
    try {
      return evaluate();
    } finally {
      this.silent--;
    }
  }

  private line(node: ts.Node): number {
    return lineOf(node, this.sourceFile);
  }

  /** Drops taint from validated values whose static type cannot carry an injection (numbers, literal unions). */
  private byType(node: ts.Expression, value: Tainted): Tainted {
    if (value.length === 0 || !value.some((taint) => taint.typed)) return value;
    if (!this.isSafeType(this.checker.getTypeAtLocation(node))) return value;
    return value.filter((taint) => !taint.typed);
  }

  private isSafeType(type: ts.Type, depth = 0): boolean {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    if (type.isUnion()) return type.types.every((member) => this.isSafeType(member, depth));
    const safe =
      ts.TypeFlags.NumberLike |
      ts.TypeFlags.BooleanLike |
      ts.TypeFlags.BigIntLike |
      ts.TypeFlags.EnumLike |
      ts.TypeFlags.Undefined |
      ts.TypeFlags.Null |
      ts.TypeFlags.Void |
      ts.TypeFlags.Never |
      ts.TypeFlags.StringLiteral;
    if (type.flags & safe) return true;
    if (depth < 2 && this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      return element ? this.isSafeType(element, depth + 1) : false;
    }
    return type.getSymbol()?.name === 'Date';
  }

  expression(node: ts.Expression): Tainted {
    const inner = skipOuter(node);
    if (ts.isIdentifier(inner)) {
      const key = referenceKey(this.checker, inner);
      return this.byType(inner, (key && this.environment.get(key)) || clean);
    }
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner))
      return this.access(inner);
    if (ts.isCallExpression(inner)) return this.call(inner);
    if (ts.isNewExpression(inner)) return this.construct(inner);
    if (ts.isTemplateExpression(inner)) return this.stringBuilt(inner);
    if (ts.isNoSubstitutionTemplateLiteral(inner) || ts.isStringLiteral(inner) || ts.isNumericLiteral(inner))
      return clean;
    if (ts.isTaggedTemplateExpression(inner)) return this.taggedTemplate(inner);
    if (ts.isBinaryExpression(inner)) return this.binary(inner);
    if (ts.isConditionalExpression(inner)) {
      this.expression(inner.condition);
      const whenTrue = this.environment.clone();
      const whenFalse = this.environment.clone();
      this.applyFacts(whenTrue, this.factsOf(inner.condition, true));
      this.applyFacts(whenFalse, this.factsOf(inner.condition, false));
      let left: Tainted = clean;
      let right: Tainted = clean;
      this.inBranch(whenTrue, () => {
        left = this.expression(inner.whenTrue);
      });
      this.inBranch(whenFalse, () => {
        right = this.expression(inner.whenFalse);
      });
      return union(left, right);
    }
    if (ts.isPrefixUnaryExpression(inner) || ts.isPostfixUnaryExpression(inner)) {
      this.expression(inner.operand);
      return clean;
    }
    if (ts.isTypeOfExpression(inner) || ts.isVoidExpression(inner) || ts.isDeleteExpression(inner)) {
      this.expression(inner.expression);
      return clean;
    }
    if (ts.isAwaitExpression(inner) || ts.isSpreadElement(inner)) return this.expression(inner.expression);
    if (ts.isObjectLiteralExpression(inner)) return this.objectLiteral(inner);
    if (ts.isArrayLiteralExpression(inner))
      return withFlags(union(...inner.elements.map((element) => this.expression(element))), {
        container: true,
      });
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
      if (this.hooks.hasOwnSummary(inner)) this.hooks.summaryOf(inner);
      else this.walkFunction(inner, []);
      return clean;
    }
    if (ts.isYieldExpression(inner)) return inner.expression ? this.expression(inner.expression) : clean;
    if (ts.isClassExpression(inner)) return clean;
    ts.forEachChild(inner, (child) => {
      if (ts.isExpression(child)) this.expression(child);
      else if (ts.isJsxAttributes(child) || ts.isJsxExpression(child) || ts.isJsxAttribute(child))
        this.jsx(child);
    });
    return clean;
  }

  private jsx(node: ts.Node): void {
    ts.forEachChild(node, (child) => {
      if (ts.isExpression(child)) this.expression(child);
      else this.jsx(child);
    });
  }

  private access(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): Tainted {
    const key = referenceKey(this.checker, node);
    const known = key ? this.environment.get(key) : undefined;
    if (known) return this.byType(node, known);
    const source = matchSource(this.checker, node, { envSources: this.hooks.envSources });
    if (source)
      return [sourceTaint({ category: source.category, label: source.label }, this.line(node), source.typed)];
    if (ts.isElementAccessExpression(node)) this.expression(node.argumentExpression);
    const object = this.expression(node.expression);
    if (object.length === 0) return clean;
    if (ts.isPropertyAccessExpression(node) && /^(length|size)$/.test(node.name.text)) return clean;
    return this.byType(node, withFlags(object, { container: false }));
  }

  private stringBuilt(node: ts.Expression): Tainted {
    const parts = stringParts(node);
    let result: Tainted = clean;
    let trustedOrigin = false;
    let sawTaint = false;
    for (const [index, part] of parts.entries()) {
      if (typeof part === 'string') {
        if (!sawTaint && index === 0 && fixedOrigin.test(part)) trustedOrigin = true;
        if (!sawTaint && index === 1 && result.length === 0 && /^[/?#]/.test(part)) trustedOrigin = true;
        continue;
      }
      const value = this.expression(part);
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

  private taggedTemplate(node: ts.TaggedTemplateExpression): Tainted {
    this.expression(node.tag);
    const template = node.template;
    const spans = ts.isTemplateExpression(template)
      ? union(...template.templateSpans.map((span) => this.expression(span.expression)))
      : clean;
    const effect = taggedTemplateEffect(node.tag, this.sourceFile);
    if (effect?.effect === 'drop') return clean;
    if (effect?.effect === 'clean') return cleanedFor(withFlags(spans, { combined: true }), effect.kinds);
    if (/^String\.raw$/.test(node.tag.getText(this.sourceFile))) return withFlags(spans, { combined: true });
    return withFlags(spans, { combined: true });
  }

  private binary(node: ts.BinaryExpression): Tainted {
    const operator = node.operatorToken.kind;
    if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) {
      const value = this.expression(node.right);
      this.assign(node.left, value, operator);
      return value;
    }
    if (operator === ts.SyntaxKind.PlusToken) return this.stringBuilt(node);
    const left = this.expression(node.left);
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      const whenTrue = this.environment.clone();
      this.applyFacts(whenTrue, this.factsOf(node.left, true));
      let right: Tainted = clean;
      this.inBranch(whenTrue, () => {
        right = this.expression(node.right);
      });
      return right;
    }
    const right = this.expression(node.right);
    if (
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.CommaToken
    )
      return operator === ts.SyntaxKind.CommaToken ? right : union(left, right);
    return clean;
  }

  assign(target: ts.Expression, value: Tainted, operator: ts.SyntaxKind): void {
    const inner = skipOuter(target);
    const line = this.line(inner);
    const sink = assignmentSink(inner, this.sourceFile);
    if (sink) this.checkSink({ ...sink, value: inner }, inner, value);
    if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
      const elements = ts.isObjectLiteralExpression(inner)
        ? inner.properties.map((property) =>
            ts.isShorthandPropertyAssignment(property)
              ? property.name
              : ts.isPropertyAssignment(property)
                ? property.initializer
                : undefined,
          )
        : inner.elements;
      for (const element of elements)
        if (element) this.assign(element, withFlags(value, { container: false }), ts.SyntaxKind.EqualsToken);
      return;
    }
    const key = referenceKey(this.checker, inner);
    if (!key) return;
    const label = ts.isIdentifier(inner) ? inner.text : shortText(inner, this.sourceFile);
    const combined = operator !== ts.SyntaxKind.EqualsToken;
    const previous = combined ? (this.environment.get(key) ?? clean) : clean;
    const next = withStep(
      combined ? union(previous, withFlags(value, { combined: true })) : value,
      label,
      line,
    );
    this.environment.set(key, next);
    if ((ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) && value.length > 0) {
      const objectKey = referenceKey(this.checker, inner.expression);
      if (objectKey) {
        const object = this.environment.get(objectKey) ?? clean;
        this.environment.set(objectKey, union(object, withFlags(next, { container: true })));
      }
    }
  }

  private objectLiteral(node: ts.ObjectLiteralExpression): Tainted {
    const parts: Tainted[] = [];
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) {
        const value = this.expression(property.initializer);
        if (ts.isIdentifier(property.name) && property.name.text === '__html')
          this.checkSink(
            { kind: 'html', value: property.initializer, label: 'dangerouslySetInnerHTML' },
            property,
            value,
          );
        parts.push(value);
      } else if (ts.isShorthandPropertyAssignment(property)) parts.push(this.expression(property.name));
      else if (ts.isSpreadAssignment(property)) parts.push(this.expression(property.expression));
      else if (ts.isMethodDeclaration(property) || ts.isAccessor(property)) {
        if (this.hooks.hasOwnSummary(property)) this.hooks.summaryOf(property);
        else this.walkFunction(property, []);
      }
    }
    return withFlags(union(...parts), { container: true });
  }

  private construct(node: ts.NewExpression): Tainted {
    const callee = resolveCallee(this.facts, node.expression);
    const argumentsTaint = (node.arguments ?? []).map((argument) => this.expression(argument));
    if (!callee) return clean;
    for (const sink of callSinks(this.facts, this.checker, node, callee)) {
      this.checkSink(sink, node, this.argumentTaint(node, sink.value, argumentsTaint));
    }
    const [first] = argumentsTaint;
    if (/^(URL|URLSearchParams|String|Buffer)$/.test(callee.name) && first) {
      return withFlags(first, { container: false });
    }
    if (callee.name === 'Function') return clean;
    return clean;
  }

  private argumentTaint(
    call: ts.CallExpression | ts.NewExpression,
    value: ts.Expression,
    computed: readonly Tainted[],
  ): Tainted {
    const index = call.arguments ? call.arguments.indexOf(value) : -1;
    if (index >= 0) return computed[index] ?? clean;
    return this.quietly(() => this.expression(value));
  }

  private call(node: ts.CallExpression): Tainted {
    const source = matchSource(this.checker, node, { envSources: this.hooks.envSources });
    if (source) {
      for (const argument of node.arguments) this.expression(argument);
      return [sourceTaint({ category: source.category, label: source.label }, this.line(node), source.typed)];
    }
    const callee = resolveCallee(this.facts, node.expression);
    const receiverTaint = callee?.receiver ? this.expression(callee.receiver) : clean;
    if (!callee) this.expression(node.expression);
    let callbackReturn: Tainted | undefined;
    const argumentsTaint = node.arguments.map((argument) => {
      const inner = skipOuter(argument);
      if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
        callbackReturn = this.callback(inner, callee, receiverTaint, node);
        return clean;
      }
      return this.expression(argument);
    });
    // `list.map(item => escape(item))` holds what the callback returns, not the list it was given.
    if (callbackReturn && callee?.receiver && (callee.name === 'map' || callee.name === 'flatMap'))
      return withFlags(callbackReturn, { container: true });
    if (callee) {
      for (const sink of callSinks(this.facts, this.checker, node, callee))
        this.checkSink(sink, node, this.argumentTaint(node, sink.value, argumentsTaint));
    }
    const allArguments = union(...argumentsTaint);
    const effect = callee ? classifyCall(callee, node) : undefined;
    if (effect) {
      if (effect.effect === 'drop') return clean;
      if (effect.effect === 'normalise')
        return withFlags(allArguments, {
          normalised: true,
          container: false,
          combined: argumentsTaint.length > 1 || allArguments.some((taint) => taint.combined),
        });
      if (effect.effect === 'validate') return withFlags(allArguments, { typed: true });
      const input = effect.from === 'receiver' ? receiverTaint : allArguments;
      return cleanedFor(input, effect.kinds);
    }
    const declaration = this.declarationOf(node);
    if (declaration) {
      const summary = this.hooks.summaryOf(declaration);
      if (summary) return this.applySummary(summary, node, argumentsTaint, callee?.name ?? 'function');
      return clean;
    }
    if (callee?.receiver && receiverTaint.length > 0) {
      const joins = callee.name === 'join' || callee.name === 'toString' || callee.name === 'concat';
      return union(
        withFlags(receiverTaint, joins ? { container: false, combined: callee.name !== 'toString' } : {}),
        callee.name === 'concat' ? withFlags(allArguments, { combined: true }) : clean,
      );
    }
    if (callee && propagatingFunctions.has(callee.name) && allArguments.length > 0) {
      return withFlags(allArguments, { container: false });
    }
    return clean;
  }

  private callback(
    fn: ts.ArrowFunction | ts.FunctionExpression,
    callee: ResolvedCallee | undefined,
    receiverTaint: Tainted,
    call: ts.CallExpression,
  ): Tainted {
    const parameters: Tainted[] = [];
    if (callee && receiverTaint.length > 0 && arrayCallbacks.has(callee.name))
      parameters[0] = withFlags(receiverTaint, { container: false });
    if (callee && receiverTaint.length > 0 && callee.name === 'reduce')
      parameters[1] = withFlags(receiverTaint, { container: false });
    if (callee && receiverTaint.length > 0 && callee.name === 'then') parameters[0] = receiverTaint;
    if (callee?.receiver && (callee.name === 'on' || callee.name === 'once')) {
      const event = call.arguments[0] && skipOuter(call.arguments[0]);
      const receiver = skipOuter(callee.receiver);
      const eventName = event && ts.isStringLiteralLike(event) ? event.text : '';
      const line = this.line(call);
      if (eventName === 'data' && ts.isIdentifier(receiver) && isRequestIdentifier(this.checker, receiver))
        parameters[0] = [sourceTaint({ category: 'request', label: `${receiver.text} body chunk` }, line)];
      if (eventName === 'message' && /ws|socket/i.test(receiver.getText(this.sourceFile)))
        parameters[0] = [sourceTaint({ category: 'request', label: 'websocket message' }, line)];
    }
    return this.walkFunction(fn, parameters);
  }

  private declarationOf(call: ts.CallExpression): FunctionLike | undefined {
    let symbol = this.checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression,
    );
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration))
      return declaration.body ? declaration : undefined;
    if (
      (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
      declaration.initializer
    ) {
      const initializer = skipOuter(declaration.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
    }
    return undefined;
  }

  private applySummary(
    summary: FunctionSummary,
    call: ts.CallExpression,
    argumentsTaint: readonly Tainted[],
    name: string,
  ): Tainted {
    const line = this.line(call);
    const label = `${name}()`;
    for (const hit of summary.hits) {
      const index = hit.taint.origin.parameterIndex ?? -1;
      for (const argument of argumentsTaint[index] ?? clean) {
        if (argument.cleanFor.has(hit.kind)) continue;
        this.recordHit({ ...hit, taint: compose(argument, hit.taint, label, line), via: [...hit.via, call] });
      }
    }
    const returned: Tainted[] = [withStep(summary.returnsSources, label, line)];
    for (const [index, inner] of summary.returns) {
      const argument = argumentsTaint[index] ?? clean;
      returned.push(
        mapTaint(argument, (taint) => ({
          ...compose(taint, { ...inner, steps: [] }, label, line),
          container: inner.container,
          typed: taint.typed || inner.typed,
        })),
      );
    }
    return union(...returned);
  }

  checkSink(sink: SinkUse, node: ts.Node, value: Tainted): void {
    if (this.silent > 0 || value.length === 0) return;
    const candidates = sink.filter ? this.filterTaint(sink.value, value) : this.byType(sink.value, value);
    for (const taint of candidates) {
      if (taint.cleanFor.has(sink.kind)) continue;
      if (taint.container && !sink.filter) continue;
      const line = this.line(node);
      const withSink: Taint = { ...taint, steps: [...taint.steps, { label: sink.label, line }] };
      this.recordHit({ kind: sink.kind, taint: withSink, node, label: sink.label, via: [] });
      break;
    }
  }

  /** A NoSQL filter: operators come in through values that are objects, so strings and numbers are safe except in `$where`. */
  private filterTaint(filter: ts.Expression, value: Tainted): Tainted {
    const inner = skipOuter(filter);
    if (ts.isObjectLiteralExpression(inner)) {
      const parts: Tainted[] = [];
      for (const property of inner.properties) {
        const name =
          ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)
            ? property.name.text
            : ts.isPropertyAssignment(property) && ts.isStringLiteral(property.name)
              ? property.name.text
              : '';
        const initializer = ts.isPropertyAssignment(property)
          ? property.initializer
          : ts.isShorthandPropertyAssignment(property)
            ? property.name
            : undefined;
        if (!initializer) continue;
        const taint = this.quietly(() => this.expression(initializer));
        if (name === '$where') parts.push(withFlags(taint, { container: false }));
        else parts.push(this.filterTaint(initializer, taint).filter((item) => !item.combined));
      }
      return union(...parts).map((taint) => ({ ...taint, container: false }));
    }
    const stringOrNumber =
      (this.checker.getTypeAtLocation(inner).flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) !==
      0;
    return value
      .filter((taint) => !taint.combined && !(taint.typed && stringOrNumber))
      .map((taint) => ({ ...taint, container: false }));
  }

  private recordHit(hit: SinkHit): void {
    if (this.silent > 0) return;
    if (hit.taint.origin.category === 'parameter') this.summary?.hits.push(hit);
    else this.hooks.reportSource(hit);
  }

  /** Records what a summary walk returned, per parameter. */
  collectReturns(returned: Tainted, functionName: string): void {
    if (!this.summary) return;
    for (const taint of returned) {
      if (taint.origin.category === 'parameter' && taint.origin.functionName === functionName) {
        const index = taint.origin.parameterIndex ?? -1;
        if (!this.summary.returns.has(index)) this.summary.returns.set(index, taint);
      } else if (taint.origin.category !== 'parameter') {
        this.summary.returnsSources = union(this.summary.returnsSources, [taint]);
      }
    }
  }
}
