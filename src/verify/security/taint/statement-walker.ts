import ts from 'typescript';
import { lambdaTypesPackage } from '../../recognise/index.js';
import { stepBudgetPerFunction } from './analysis-limits.js';
import { bindElements, bindFields, bindName } from './bindings.js';
import { branchesOf } from './branch-facts.js';
import { bindDestructuredRequest } from './destructured-requests.js';
import { assign, evaluateExpression } from './expression-evaluator.js';
import { skipOuter } from './file-facts.js';
import type { FunctionLike } from './function-summary.js';
import { bindPendingInstance, initialiseFields, recordThisAtExit } from './instance-state.js';
import { checkSink } from './sink-check.js';
import { returnedResponseSink } from './sinks/returned-responses.js';
import { isRequestIdentifier } from './sources.js';
import { declarationKey, referenceKey, type TaintEnvironment } from './taint-env.js';
import { clean, sourceTaint, type Tainted, union, withFlags } from './taint-value.js';
import { caughtTaint } from './thrown-values.js';
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
      bindName(this, parameter.name, withDefault, this.line(parameter));
      return withDefault;
    });
    bindDestructuredRequest(this, fn);
    initialiseFields(this, fn, bound);
    const body = fn.body;
    if (body && ts.isBlock(body)) this.statements(body.statements);
    else if (body) this.returned = union(this.returned, this.returning(body));
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

  /** A returned value's taint, shown to the hook that checks functions against what they promise to return. */
  private returning(expression: ts.Expression): Tainted {
    const value = this.evaluate(expression);
    this.hooks.onReturn?.(this, expression, value);
    const lambdaTypesImported = this.facts.modules.has(lambdaTypesPackage);
    const responseSink = returnedResponseSink(this.checker, expression, lambdaTypesImported);
    // A response's `body` is checked, and reported, alone: its status and headers are not what the client renders.
    if (responseSink?.value === expression) checkSink(this, responseSink, expression, value);
    else if (responseSink)
      checkSink(this, responseSink, responseSink.value, this.evaluateQuietly(responseSink.value));
    return value;
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
      if (statement.expression) this.returned = union(this.returned, this.returning(statement.expression));
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
          bindName(this, declaration.name, iterated, this.line(declaration));
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
      const caught = statement.catchClause.variableDeclaration;
      const thrown = caught ? caughtTaint(this, statement.tryBlock) : clean;
      this.inBranch(catchEnvironment, () => {
        if (caught) bindName(this, caught.name, thrown, this.line(caught));
        return this.statements(statement.catchClause?.block.statements ?? []);
      });
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
    if (key && ts.isObjectLiteralExpression(initializer)) bindFields(this, key, label, initializer, line);
    if (key && ts.isArrayLiteralExpression(initializer)) bindElements(this, key, label, initializer, line);
    if (!ts.isIdentifier(declaration.name)) {
      bindName(this, declaration.name, value, line, key);
      return;
    }
    bindName(this, declaration.name, value, line);
    bindPendingInstance(this, key, declaration.name.text, declaration.initializer, line);
  }
}
