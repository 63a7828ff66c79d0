import ts from 'typescript';
import { stepBudgetPerFunction } from './analysis-limits.js';
import { branchesOf } from './branch-facts.js';
import { assign, evaluateExpression } from './expression-evaluator.js';
import { skipOuter } from './file-facts.js';
import type { FunctionLike } from './function-summary.js';
import { bindPendingInstance, initialiseFields, recordThisAtExit } from './instance-state.js';
import { isRequestIdentifier } from './sources.js';
import { declarationKey, referenceKey, type TaintEnvironment } from './taint-env.js';
import { clean, sourceTaint, type Tainted, union, withFlags, withStep } from './taint-value.js';
import { WalkState } from './walk-state.js';

/** Whether a statement always leaves its block: return, throw, or a call that ends the handler. */
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

/**
 * Walks one function (or a file's top level) in order, keeping taint per variable; branches are
 * walked apart and joined, guards clean what they prove, loops run twice.
 */
export class StatementWalker extends WalkState {
  evaluate(expression: ts.Expression): Tainted {
    if (this.exhausted) return clean;
    if (++this.steps > (this.hooks.stepBudget ?? stepBudgetPerFunction)) {
      this.exhausted = true;
      this.hooks.onBudgetExhausted?.(this.sourceFile, expression);
      return clean;
    }
    return evaluateExpression(this, expression);
  }

  walkFunction(fn: FunctionLike, parameters: readonly Tainted[]): Tainted {
    const saved = this.returned;
    this.returned = clean;
    const bound = fn.parameters.map((parameter, index) => {
      const value = parameters[index] ?? clean;
      const withDefault = parameter.initializer ? union(value, this.evaluate(parameter.initializer)) : value;
      this.bind(parameter.name, withDefault, this.line(parameter));
      return withDefault;
    });
    initialiseFields(this, fn, bound);
    const body = fn.body;
    if (body && ts.isBlock(body)) this.statements(body.statements);
    else if (body) this.returned = union(this.returned, this.evaluate(body));
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

  /** Records what a summary walk returned, per parameter. */
  collectReturns(returned: Tainted, functionName: string): void {
    if (!this.summary) return;
    for (const taint of returned) {
      if (
        taint.origin.category === 'parameter' &&
        taint.origin.functionName === functionName &&
        taint.origin.field !== undefined
      ) {
        this.summary.returnsFields ??= new Map();
        if (!this.summary.returnsFields.has(taint.origin.field))
          this.summary.returnsFields.set(taint.origin.field, taint);
      } else if (taint.origin.category === 'parameter' && taint.origin.functionName === functionName) {
        const index = taint.origin.parameterIndex ?? -1;
        if (!this.summary.returns.has(index)) this.summary.returns.set(index, taint);
      } else if (taint.origin.category !== 'parameter') {
        this.summary.returnsSources = union(this.summary.returnsSources, [taint]);
      }
    }
  }

  /** Walks a statement; true when it always leaves the block (return, throw). */
  private statement(statement: ts.Statement): boolean {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) this.declaration(declaration);
      return false;
    }
    if (ts.isExpressionStatement(statement)) {
      this.evaluate(statement.expression);
      return isExit(statement);
    }
    if (ts.isReturnStatement(statement)) {
      if (statement.expression) this.returned = union(this.returned, this.evaluate(statement.expression));
      recordThisAtExit(this);
      return true;
    }
    if (ts.isThrowStatement(statement)) {
      this.evaluate(statement.expression);
      return true;
    }
    if (ts.isBlock(statement)) return this.statements(statement.statements);
    if (ts.isIfStatement(statement)) return this.ifStatement(statement);
    if (ts.isForOfStatement(statement) || ts.isForInStatement(statement)) {
      this.forOfStatement(statement);
      return false;
    }
    if (ts.isForStatement(statement)) {
      this.forStatement(statement);
      return false;
    }
    if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) {
      this.loop(() => {
        this.evaluate(statement.expression);
        this.statement(statement.statement);
      });
      return false;
    }
    if (ts.isSwitchStatement(statement)) return this.switchStatement(statement);
    if (ts.isTryStatement(statement)) {
      this.tryStatement(statement);
      return false;
    }
    if (ts.isLabeledStatement(statement)) return this.statement(statement.statement);
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      if (ts.isFunctionDeclaration(statement)) this.hooks.summaryOf(statement);
      return false;
    }
    if (ts.isExportAssignment(statement)) {
      this.evaluate(statement.expression);
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

  private forOfStatement(statement: ts.ForOfStatement | ts.ForInStatement): void {
    const iterated = this.iterated(statement.expression);
    this.loop(() => {
      const initializer = statement.initializer;
      if (ts.isVariableDeclarationList(initializer)) {
        for (const declaration of initializer.declarations)
          this.bind(declaration.name, iterated, this.line(declaration));
      } else assign(this, initializer, iterated, ts.SyntaxKind.EqualsToken);
      this.statement(statement.statement);
    });
  }

  private forStatement(statement: ts.ForStatement): void {
    if (statement.initializer) {
      if (ts.isVariableDeclarationList(statement.initializer))
        for (const declaration of statement.initializer.declarations) this.declaration(declaration);
      else this.evaluate(statement.initializer);
    }
    this.loop(() => {
      if (statement.condition) this.evaluate(statement.condition);
      this.statement(statement.statement);
      if (statement.incrementor) this.evaluate(statement.incrementor);
    });
  }

  private ifStatement(statement: ts.IfStatement): boolean {
    // A constant condition (`if (false)`, a debug switch) folds: only the branch that can run is walked.
    const condition = skipOuter(statement.expression);
    if (condition.kind === ts.SyntaxKind.FalseKeyword)
      return !!statement.elseStatement && this.statement(statement.elseStatement);
    if (condition.kind === ts.SyntaxKind.TrueKeyword) return this.statement(statement.thenStatement);
    this.evaluate(statement.expression);
    const [whenTrue, whenFalse] = branchesOf(this, statement.expression);
    const thenExits = this.inBranch(whenTrue, () => this.statement(statement.thenStatement));
    const elseExits = this.inBranch(
      whenFalse,
      () => !!statement.elseStatement && this.statement(statement.elseStatement),
    );
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
    this.evaluate(statement.expression);
    const before = this.environment.clone();
    const key = referenceKey(this.checker, statement.expression);
    let joined: TaintEnvironment | undefined;
    let allExit = statement.caseBlock.clauses.some((clause) => ts.isDefaultClause(clause));
    for (const clause of statement.caseBlock.clauses) {
      const branch = before.clone();
      if (ts.isCaseClause(clause) && key && !this.isTainted(clause.expression)) branch.set(key, clean);
      const exits = this.inBranch(branch, () => this.statements(clause.statements));
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

  private tryStatement(statement: ts.TryStatement): void {
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
  }

  private iterated(expression: ts.Expression): Tainted {
    const inner = skipOuter(expression);
    if (ts.isIdentifier(inner) && isRequestIdentifier(this.checker, inner)) {
      const line = this.line(inner);
      return [sourceTaint({ category: 'request', label: `${inner.text} (request body)` }, line)];
    }
    return withFlags(this.evaluate(expression), { container: false });
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
    const value = this.evaluate(declaration.initializer);
    const line = this.line(declaration);
    // A pattern destructuring a literal reads its fields through a key of the literal's own.
    const key = ts.isIdentifier(declaration.name)
      ? declarationKey(this.checker, declaration.name)
      : (referenceKey(this.checker, initializer) ?? `literal@${initializer.pos}`);
    const label = ts.isIdentifier(declaration.name) ? declaration.name.text : 'literal';
    if (key && ts.isObjectLiteralExpression(initializer)) this.bindFields(key, label, initializer, line);
    if (key && ts.isArrayLiteralExpression(initializer)) this.bindElements(key, label, initializer, line);
    if (!ts.isIdentifier(declaration.name)) {
      this.bind(declaration.name, value, line, key);
      return;
    }
    this.bind(declaration.name, value, line);
    bindPendingInstance(this, key, declaration.name.text, declaration.initializer, line);
  }

  /** Each element of an array literal under its index (`parts.0`), up to the first spread. */
  private bindElements(key: string, label: string, literal: ts.ArrayLiteralExpression, line: number): void {
    for (const [index, element] of literal.elements.entries()) {
      if (ts.isSpreadElement(element) || ts.isOmittedExpression(element)) return;
      this.environment.set(
        `${key}.${index}`,
        withStep(this.evaluateQuietly(element), `${label}[${index}]`, line),
      );
    }
  }

  /**
   * Each field of an object literal under its own key (`job.cmd`, `job.inner.cmd`), so that reading a
   * clean field of an object holding a tainted one reads clean; literals with spreads or computed
   * names are left whole.
   */
  private bindFields(key: string, label: string, literal: ts.ObjectLiteralExpression, line: number): void {
    const fields = new Map<string, Tainted>();
    const literals = new Map<string, ts.ObjectLiteralExpression>();
    for (const property of literal.properties) {
      if (ts.isShorthandPropertyAssignment(property))
        fields.set(property.name.text, this.evaluateQuietly(property.name));
      else if (
        ts.isPropertyAssignment(property) &&
        (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
      ) {
        fields.set(property.name.text, this.evaluateQuietly(property.initializer));
        const inner = skipOuter(property.initializer);
        if (ts.isObjectLiteralExpression(inner)) literals.set(property.name.text, inner);
        else literals.delete(property.name.text);
      } else if (ts.isSpreadAssignment(property)) {
        // A spread of an object whose fields are known copies them; of anything else, leaves the literal whole.
        const spreadKey = referenceKey(this.checker, property.expression);
        const spread = spreadKey ? this.environment.fieldsOf(spreadKey) : undefined;
        if (!spread || spread.size === 0) return;
        for (const [name, value] of spread) fields.set(name, value);
      } else if (!ts.isMethodDeclaration(property)) return;
    }
    for (const [name, value] of fields) {
      const fieldKey = `${key}.${name}`;
      this.environment.set(fieldKey, withStep(value, `${label}.${name}`, line));
      const inner = literals.get(name);
      if (inner) this.bindFields(fieldKey, `${label}.${name}`, inner, line);
    }
  }

  /**
   * Binds a name or a destructuring pattern to a value's taint; with the key of what is destructured,
   * each element takes its own field's taint where the walk knows it (`const { cmd } = job`).
   */
  private bind(name: ts.BindingName, value: Tainted, line: number, sourceKey?: string): void {
    if (ts.isIdentifier(name)) {
      const key = declarationKey(this.checker, name);
      if (key) this.environment.set(key, withStep(value, name.text, line));
      return;
    }
    for (const [index, element] of name.elements.entries()) {
      if (ts.isOmittedExpression(element)) continue;
      const field = ts.isArrayBindingPattern(name) ? String(index) : bindingField(element);
      const fieldKey =
        sourceKey && field !== undefined && !element.dotDotDotToken ? `${sourceKey}.${field}` : undefined;
      let part = (fieldKey && this.environment.get(fieldKey)) || withFlags(value, { container: false });
      if (element.initializer) part = union(part, this.evaluate(element.initializer));
      this.bind(element.name, part, line, fieldKey);
    }
  }
}

/** The property a destructuring element reads: `cmd` of `{ cmd }` and of `{ cmd: command }`. */
function bindingField(element: ts.BindingElement): string | undefined {
  const property = element.propertyName ?? element.name;
  if (ts.isIdentifier(property) || ts.isStringLiteral(property) || ts.isNumericLiteral(property))
    return property.text;
  return undefined;
}
