import type ts from 'typescript';
import type { SinkKind, Taint, Tainted } from './taint-value.js';

/** A tainted value reaching a sink. */
export interface SinkHit {
  kind: SinkKind;
  taint: Taint;
  /** The sink call or assignment. */
  node: ts.Node;
  label: string;
  /** Calls the taint went through to reach the sink, innermost first: where to report when the sink's file is not a target. */
  via: readonly ts.Node[];
  /** Set when the sink was recognised by a name only: why it was taken for one. */
  inferred?: string;
}

/** What a function does with taint given through its parameters, reused at every call. */
export interface FunctionSummary {
  /** Per parameter, how its taint comes back in the return value (flags and cleaning). */
  returns: Map<number, Taint>;
  /** Taint from sources read inside the function that it returns (`getName(req)`). */
  returnsSources: Tainted;
  /** Sinks reached by parameter taint. */
  hits: SinkHit[];
  /** Per field read through `this`, how its taint comes back in the return value (a getter). */
  returnsFields?: Map<string, Taint>;
  /** What the function leaves in each field of `this` (a constructor, a setter, a method that stores). */
  thisWrites?: Map<string, Tainted>;
}

export type FunctionLike = ts.SignatureDeclaration & { body?: ts.ConciseBody | undefined };
