/**
 * The cycles of a dependency graph, one per strongly connected component (Tarjan's algorithm), each given
 * as a closed walk `[a, b, c]` meaning a → b → c → a, starting from the member listed first.
 */
export function findDependencyCycles(
  nodes: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const order = new Map(nodes.map((node, index) => [node, index]));
  const indexOf = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;

  // Iterative, so a long chain of components cannot overflow the call stack.
  for (const start of nodes) {
    if (indexOf.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    indexOf.set(start, counter);
    lowLink.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!order.has(target)) continue;
        if (!indexOf.has(target)) {
          indexOf.set(target, counter);
          lowLink.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node) ?? 0, indexOf.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        lowLink.set(parent.node, Math.min(lowLink.get(parent.node) ?? 0, lowLink.get(frame.node) ?? 0));
      if (lowLink.get(frame.node) === indexOf.get(frame.node)) {
        const group: string[] = [];
        for (;;) {
          const member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          group.push(member);
          if (member === frame.node) break;
        }
        const selfLoop = group.length === 1 && (edges.get(frame.node) ?? []).includes(frame.node);
        if (group.length > 1 || selfLoop) groups.push(group);
      }
    }
  }

  return groups
    .map((group) => closedWalk(group, edges, order))
    .sort((left, right) => (order.get(left[0] ?? '') ?? 0) - (order.get(right[0] ?? '') ?? 0));
}

/** A concrete cycle through the first-listed member of a strongly connected group. */
function closedWalk(
  group: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
  order: ReadonlyMap<string, number>,
): string[] {
  const members = new Set(group);
  const start = [...group].sort(
    (left, right) => (order.get(left) ?? 0) - (order.get(right) ?? 0),
  )[0] as string;
  // Breadth-first search for the shortest way back to the start, inside the group.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const target of edges.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const walk = [node];
        for (let step = previous.get(node); step !== undefined; step = previous.get(step)) walk.unshift(step);
        return walk;
      }
      if (!previous.has(target) && target !== start) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start];
}
