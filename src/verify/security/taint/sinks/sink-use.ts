import type ts from 'typescript';
import type { FileFacts, ResolvedCallee } from '../file-facts.js';
import type { SinkKind } from '../taint-value.js';

/** One argument of a call (or an assigned value) that must not carry taint of some kind. */
export interface SinkUse {
  kind: SinkKind;
  value: ts.Expression;
  /** The sink as the message names it: `pool.query`, `child_process.exec`, `element.innerHTML`. */
  label: string;
  /** A NoSQL filter object: its properties are judged one by one. */
  filter?: boolean;
  /** The sink refuses paths with `..` (Express's sendFile): only a whole path from outside, or one normalised, escapes. */
  rejectsParentSegments?: boolean;
  /** Where to report when that is not the call: the element write that puts a script into a program's argument list. */
  at?: ts.Node;
  /** Set when the sink was recognised by a name only (no declarations for its receiver): why it was taken for one. */
  inferred?: string;
  /** The fields of `value` the sink uses, when not all of it: a view writes `output.searchTerm` of its local `output`. */
  fields?: readonly string[];
}

/** A call with at least one argument, as each sink family looks at it. */
export interface SinkCall {
  facts: FileFacts;
  checker: ts.TypeChecker;
  call: ts.CallExpression | ts.NewExpression;
  callee: ResolvedCallee;
  callArguments: ts.NodeArray<ts.Expression>;
  first: ts.Expression;
  second: ts.Expression | undefined;
  /** The receiver as written on one line, or empty for a plain function call. */
  receiverText: string;
}

/**
 * One sink family's look at a call: the sinks it feeds, an empty list for a call the family knows to
 * be safe, or undefined to leave the call to the families after it.
 */
export type SinkFinder = (sinkCall: SinkCall) => SinkUse[] | undefined;
