import ts from 'typescript';
import { propertyNameText, skipOuter } from './file-facts.js';
import type { FunctionSummary } from './function-summary.js';
import { type Receiver, readField, thisParameter, writeFields } from './instance-state.js';
import { isStructuredValue } from './structured-values.js';
import {
  clean,
  compose,
  mapTaint,
  type Taint,
  type Tainted,
  type TaintOrigin,
  union,
  withStep,
} from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** A call site as a summary is replayed at it: what goes in through the parameters and through `this`. */
export interface CallSite {
  node: ts.Node;
  name: string;
  argumentsTaint: readonly Tainted[];
  receiver?: Receiver | undefined;
  /** Where the fields the callee leaves in `this` go when the receiver has no key (an object being built). */
  fieldsInto?: Map<string, Tainted> | undefined;
}

/** The taint of one property of an argument: its own value in an object literal, or what spreads into it. */
function fieldTaint(walk: WalkState, site: CallSite, index: number, field: string): Tainted {
  const given = site.argumentsTaint[index] ?? clean;
  if (!ts.isCallExpression(site.node)) return given;
  const argument = site.node.arguments[index] && skipOuter(site.node.arguments[index]);
  if (!argument || !ts.isObjectLiteralExpression(argument)) return given;
  const spreads: Tainted[] = [];
  for (const property of [...argument.properties].reverse()) {
    if (ts.isSpreadAssignment(property)) spreads.push(walk.evaluateQuietly(property.expression));
    else if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === field)
      return union(walk.evaluateQuietly(property.initializer), ...spreads);
    else if (ts.isShorthandPropertyAssignment(property) && property.name.text === field)
      return union(walk.evaluateQuietly(property.name), ...spreads);
  }
  return union(...spreads);
}

/** A log hit of a parameter passed on as its own argument, given an object here: printed structured, not as a line. */
function printsStructured(walk: WalkState, site: CallSite, hit: FunctionSummary['hits'][number]): boolean {
  const index = hit.taint.origin.parameterIndex;
  if (hit.kind !== 'log' || hit.taint.combined || index === undefined || hit.taint.origin.field !== undefined)
    return false;
  const argument = ts.isCallExpression(site.node) ? site.node.arguments[index] : undefined;
  return argument !== undefined && !ts.isSpreadElement(argument) && isStructuredValue(walk.checker, argument);
}

/**
 * Replays a callee's summary at a call: its sinks get the arguments' taint (and the receiver's fields
 * for what it reads through `this`), its return value comes back, and what it stores in `this` lands
 * in the receiver's fields.
 */
export function applySummary(walk: WalkState, summary: FunctionSummary, site: CallSite): Tainted {
  const line = walk.line(site.node);
  const label = `${site.name}()`;
  const inputOf = (origin: TaintOrigin): Tainted => {
    if (origin.parameterIndex === thisParameter && origin.field !== undefined)
      return site.receiver ? readField(walk, site.receiver, origin.field, line) : clean;
    // A destructured parameter was seeded property by property: only that property of the argument counts.
    if (origin.field !== undefined && origin.parameterIndex !== undefined)
      return fieldTaint(walk, site, origin.parameterIndex, origin.field);
    return site.argumentsTaint[origin.parameterIndex ?? -1] ?? clean;
  };
  for (const hit of summary.hits) {
    if (printsStructured(walk, site, hit)) continue;
    for (const argument of inputOf(hit.taint.origin)) {
      if (argument.cleanFor.has(hit.kind)) continue;
      walk.recordHit({
        ...hit,
        taint: compose(argument, hit.taint, label, line),
        via: [...hit.via, site.node],
      });
    }
  }
  const through = (input: Tainted, inner: Taint): Tainted =>
    mapTaint(input, (taint) => ({
      ...compose(taint, { ...inner, steps: [] }, label, line),
      container: inner.container,
      typed: taint.typed || inner.typed,
    }));
  const returned: Tainted[] = [withStep(summary.returnsSources, label, line)];
  for (const [index, inner] of summary.returns)
    returned.push(through(site.argumentsTaint[index] ?? clean, inner));
  for (const [field, inner] of summary.returnsFields ?? [])
    returned.push(
      through(inputOf({ category: 'parameter', label: field, parameterIndex: thisParameter, field }), inner),
    );
  if (summary.thisWrites && summary.thisWrites.size > 0) {
    const fields = new Map<string, Tainted>();
    for (const [field, value] of summary.thisWrites) {
      const parts = value.map((taint) =>
        taint.origin.category === 'parameter' ? through(inputOf(taint.origin), taint) : [taint],
      );
      fields.set(field, union(...parts));
    }
    if (site.receiver?.key) writeFields(walk, site.receiver.key, site.receiver.text, fields, line);
    else if (site.fieldsInto) for (const [field, value] of fields) site.fieldsInto.set(field, value);
  }
  return union(...returned);
}
