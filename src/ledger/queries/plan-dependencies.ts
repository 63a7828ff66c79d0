import { z } from 'zod';

// Only what ordering needs; the stored plan holds much more, in either the file or the parsed form.
const storedPlanSchema = z.object({
  components: z.array(z.object({ id: z.string(), dependsOn: z.array(z.string()).optional() })),
});

/** Each component key of a stored plan document with the keys it depends on; empty when unreadable. */
export function planDependencies(document: string): Map<string, string[]> {
  let value: unknown;
  try {
    value = JSON.parse(document);
  } catch {
    return new Map();
  }
  const parsed = storedPlanSchema.safeParse(value);
  if (!parsed.success) return new Map();
  return new Map(parsed.data.components.map((component) => [component.id, component.dependsOn ?? []]));
}

/**
 * Orders keys so that every key comes after the keys it depends on; among keys free to go, the
 * given order decides. Dependencies outside `keys` are ignored; a cycle keeps the given order.
 */
export function dependencyOrder(
  keys: readonly string[],
  dependencies: ReadonlyMap<string, readonly string[]>,
): string[] {
  const wanted = new Set(keys);
  const placed = new Set<string>();
  const ordered: string[] = [];
  while (ordered.length < keys.length) {
    const next =
      keys.find(
        (key) =>
          !placed.has(key) &&
          (dependencies.get(key) ?? []).every(
            (dependency) => !wanted.has(dependency) || placed.has(dependency),
          ),
      ) ?? keys.find((key) => !placed.has(key));
    if (next === undefined) break;
    placed.add(next);
    ordered.push(next);
  }
  return ordered;
}

/** Every key `key` depends on, directly or through others. */
export function transitiveDependencies(
  key: string,
  dependencies: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const found = new Set<string>();
  const pending = [...(dependencies.get(key) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop() as string;
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...(dependencies.get(next) ?? []));
  }
  return found;
}
