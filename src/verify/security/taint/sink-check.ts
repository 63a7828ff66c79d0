import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import type { SinkHit } from './function-summary.js';
import { byType } from './safe-types.js';
import type { SinkUse } from './sinks/index.js';
import { type Taint, type Tainted, union, withFlags } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** A NoSQL filter: operators come in through values that are objects, so strings and numbers are safe except in `$where`. */
function filterTaint(walk: WalkState, filter: ts.Expression, value: Tainted): Tainted {
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
      // `$eq` compares its operand as a value, whatever its shape: an object there is no operator.
      if (name === '$eq') continue;
      const taint = walk.evaluateQuietly(initializer);
      if (name === '$where') parts.push(withFlags(taint, { container: false }));
      else parts.push(filterTaint(walk, initializer, taint).filter((item) => !item.combined));
    }
    return union(...parts).map((taint) => ({ ...taint, container: false }));
  }
  const stringOrNumber =
    (walk.checker.getTypeAtLocation(inner).flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) !== 0;
  return value
    .filter((taint) => !taint.combined && !(taint.typed && stringOrNumber))
    .map((taint) => ({ ...taint, container: false }));
}

/** Records the first taint of a value that the sink is not cleaned for (and each parameter's), with the sink as its last step. */
export function checkSink(walk: WalkState, sink: SinkUse, node: ts.Node, value: Tainted): void {
  walk.hooks.onSink?.(sink, node);
  if (walk.silent > 0 || value.length === 0) return;
  const candidates = sink.filter
    ? filterTaint(walk, sink.value, value)
    : byType(walk.checker, sink.value, value);
  let recorded = false;
  for (const taint of candidates) {
    // After the first, only other parameters count: a caller may taint any one of them.
    if (recorded && taint.origin.category !== 'parameter') continue;
    if (taint.cleanFor.has(sink.kind)) continue;
    if (taint.container && !sink.filter) continue;
    if (sink.rejectsParentSegments && taint.combined && !taint.normalised) continue;
    const line = walk.line(node);
    const withSink: Taint = { ...taint, steps: [...taint.steps, { label: sink.label, line }] };
    const hit: SinkHit = { kind: sink.kind, taint: withSink, node, label: sink.label, via: [] };
    if (sink.inferred) hit.inferred = sink.inferred;
    walk.recordHit(hit);
    recorded = true;
    if (taint.origin.category !== 'parameter') break;
  }
}
