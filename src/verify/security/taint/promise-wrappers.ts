/**
 * Promisify helpers: each takes a callback-style function (or a module object) and returns a
 * promise-returning one that passes its arguments straight through, so the wrapper stands for what it
 * wraps. Keyed by module, then by the export that wraps (`*` for the module's own callable export).
 */
const promiseWrappers: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['util', new Set(['promisify'])],
  ['util.promisify', new Set(['*'])],
  ['util.promisify-all', new Set(['*'])],
  ['util-promisify', new Set(['*'])],
  ['es6-promisify', new Set(['*', 'promisify', 'promisifyAll'])],
  ['@gar/promisify', new Set(['*'])],
  ['@google-cloud/promisify', new Set(['promisify', 'promisifyAll'])],
  ['pify', new Set(['*'])],
  ['thenify', new Set(['*', 'withCallback'])],
  ['thenify-all', new Set(['*', 'withCallback'])],
  ['bluebird', new Set(['promisify', 'promisifyAll', 'fromCallback'])],
  ['promisify-node', new Set(['*'])],
]);

/** Whether the function `name` of `module` (`*` for the module called itself) is a promisify helper. */
export function wrapsInPromise(module: string | undefined, name: string): boolean {
  if (!module) return false;
  const names = promiseWrappers.get(module);
  return !!names && names.has(name);
}

/**
 * Helpers that wrap only the methods they are named, onto a new object: thenify-all's
 * `(source, destination, methods)`. Keyed by module, the positions of the destination and the list.
 */
const listedMethodHelpers: ReadonlyMap<string, { destination: number; methods: number }> = new Map([
  ['thenify-all', { destination: 1, methods: 2 }],
]);

/** Where a helper of `module` takes its destination and its method list, when it takes one. */
export function methodListPositions(
  module: string | undefined,
): { destination: number; methods: number } | undefined {
  return module ? listedMethodHelpers.get(module) : undefined;
}
