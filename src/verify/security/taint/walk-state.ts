import type ts from 'typescript';
import { type FileFacts, lineOf } from './file-facts.js';
import type { FunctionLike, FunctionSummary, SinkHit } from './function-summary.js';
import type { SinkUse } from './sinks/sink-use.js';
import { TaintEnvironment } from './taint-env.js';
import { clean, type Tainted } from './taint-value.js';

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
  /** Expressions one function's walk may evaluate; the default budget when absent. */
  stepBudget?: number | undefined;
  /** Told when a function's walk ran out of steps, so that the findings can say the analysis is incomplete. */
  onBudgetExhausted?: ((sourceFile: ts.SourceFile, node: ts.Node | undefined) => void) | undefined;
  /** Told of every value a function returns, with the walk it was returned in (contracts check it as a sink). */
  onReturn?: ((walk: WalkState, expression: ts.Expression, value: Tainted) => void) | undefined;
  /** The functions registered for an event on an emitter (`bus.on('run', handler)`), for `bus.emit('run', …)`. */
  listenersOf?: ((receiver: ts.Expression, event: string) => readonly FunctionLike[]) | undefined;
  /** Told of every sink the walk meets, tainted or not (scorers count the safe ones). */
  onSink?: ((sink: SinkUse, node: ts.Node) => void) | undefined;
}

/**
 * One walk's state, shared by the statement walker and the expression evaluator; the two entry points
 * are abstract so that the parts of the walk can call back into each other without importing each other.
 */
export abstract class WalkState {
  environment: TaintEnvironment;
  /** What the function walked returns so far. */
  returned: Tainted = clean;
  /** Above zero while an expression is evaluated only to learn its taint, so that nothing is reported from it. */
  silent = 0;
  /** Expressions evaluated so far; past the step budget the walk evaluates nothing more. */
  steps = 0;
  exhausted = false;
  /** The function (or file) this walk is of: closures over its locals are walked at their calls. */
  root: ts.Node | undefined;
  /** The summary key of the function walked, when the walk is a summary: `this.field` reads of it are symbolic. */
  functionKey: string | undefined;
  /** The fields of `this` seen at the function's returns, for a summary's `thisWrites`. */
  thisAtReturns: Map<string, Tainted> | undefined;
  /** The fields an object being built (`new Job(…)`) will have, until the walk binds them to a name. */
  pendingInstance: { node: ts.Node; fields: Map<string, Tainted> } | undefined;
  readonly facts: FileFacts;
  readonly checker: ts.TypeChecker;

  constructor(
    readonly hooks: WalkerHooks,
    readonly sourceFile: ts.SourceFile,
    readonly summary: FunctionSummary | undefined,
    environment?: TaintEnvironment,
  ) {
    this.facts = hooks.factsFor(sourceFile);
    this.checker = hooks.checker;
    this.environment = environment ?? new TaintEnvironment();
  }

  /** Ends the walk where it is, as a spent step budget does, and says so. */
  stop(node: ts.Node | undefined): void {
    if (this.exhausted) return;
    this.exhausted = true;
    this.hooks.onBudgetExhausted?.(this.sourceFile, node);
  }

  /** The taint an expression carries, evaluated in order with its assignments and sinks. */
  abstract evaluate(expression: ts.Expression): Tainted;

  /** Walks a function body with its parameters bound, and returns what it returns. */
  abstract walkFunction(fn: FunctionLike, parameters: readonly Tainted[]): Tainted;

  /** Runs a walk with another environment as the current one, for a branch. */
  inBranch<T>(environment: TaintEnvironment, walk: () => T): T {
    const saved = this.environment;
    this.environment = environment;
    try {
      return walk();
    } finally {
      this.environment = saved;
    }
  }

  quietly<T>(evaluate: () => T): T {
    this.silent++;
    try {
      return evaluate();
    } finally {
      this.silent--;
    }
  }

  /** The taint of an expression evaluated only to learn it, as guards and sink arguments are. */
  evaluateQuietly(expression: ts.Expression): Tainted {
    return this.quietly(() => this.evaluate(expression));
  }

  isTainted(expression: ts.Expression): boolean {
    return this.evaluateQuietly(expression).length > 0;
  }

  line(node: ts.Node): number {
    return lineOf(node, this.sourceFile);
  }

  /** A hit from a parameter goes into the function's summary; one from a real source is reported. */
  recordHit(hit: SinkHit): void {
    if (this.silent > 0) return;
    if (hit.taint.origin.category === 'parameter') this.summary?.hits.push(hit);
    else this.hooks.reportSource(hit);
  }
}
