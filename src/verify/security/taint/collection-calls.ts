import ts from 'typescript';
import type { ResolvedCallee } from './file-facts.js';
import { referenceKey } from './taint-env.js';
import { type Tainted, union, withFlags } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Methods that put their arguments into the collection they are called on. */
const inserting = new Set(['push', 'unshift', 'splice', 'set', 'add', 'fill']);
/** Methods after which what sits at a constant index is no longer what was there before. */
const reordering = new Set(['shift', 'unshift', 'splice', 'reverse', 'sort', 'copyWithin', 'fill']);
/** Methods that hand back one element of the collection rather than a collection. */
const elementReaders = new Set(['pop', 'shift', 'at', 'get', 'find', 'findLast', 'reduce', 'reduceRight']);
/** Library collection types whose methods above mean what they say. */
const collectionTypes = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'ReadonlyArray']);

/** Whether a value is an array, a tuple, a Map or a Set, or untyped (where the method name is all there is). */
function isCollection(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const type = checker.getNonNullableType(checker.getTypeAtLocation(expression));
  if (type.flags & ts.TypeFlags.Any) return true;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return true;
  const name = type.getSymbol()?.name;
  return name !== undefined && collectionTypes.has(name);
}

/**
 * `list.push(value)`, `map.set(key, value)`, `set.add(value)`, `list.splice(at, 0, value)`: the
 * collection now holds the arguments' taint; after a reordering call its constant indices are forgotten.
 */
export function updateCollection(
  walk: WalkState,
  callee: ResolvedCallee,
  receiverTaint: Tainted,
  argumentsTaint: readonly Tainted[],
): void {
  const receiver = callee.receiver;
  if (!receiver || !(inserting.has(callee.name) || reordering.has(callee.name))) return;
  const key = referenceKey(walk.checker, receiver);
  if (!key || !isCollection(walk.checker, receiver)) return;
  if (reordering.has(callee.name)) walk.environment.forgetFields(key, (field) => /^\d+$/.test(field));
  if (!inserting.has(callee.name)) return;
  const added = union(...(callee.name === 'splice' ? argumentsTaint.slice(2) : argumentsTaint));
  if (added.length === 0) return;
  const before = walk.environment.get(key) ?? receiverTaint;
  walk.environment.set(key, union(before, withFlags(added, { container: true })));
}

/** Whether a method on a tainted receiver hands back one of its elements (`list.pop()`, `map.get(key)`). */
export function readsElement(callee: ResolvedCallee): boolean {
  return callee.receiver !== undefined && elementReaders.has(callee.name);
}
