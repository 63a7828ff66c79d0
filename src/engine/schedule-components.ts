import type { Queue } from './queue.js';

/** What the scheduler needs of a component: an id and the ids it depends on. */
export interface SchedulableComponent {
  id: string;
  dependsOn: readonly string[];
}

/** How a component's work ended; only `done` lets its dependents start. */
export type ComponentOutcome = 'done' | 'escalated' | 'waiting-for-person' | 'failed';

/** Every component's final state: an outcome, `blocked` behind one that did not finish, or `cancelled`. */
export type ScheduledState = ComponentOutcome | 'blocked' | 'cancelled';

export interface ScheduleOptions {
  /** Outcomes already in the ledger from an earlier attempt at this run; they are not run again. */
  settled?: ReadonlyMap<string, ComponentOutcome>;
  /** Stops handing out new components; running ones see the queue's abort signal. */
  signal?: AbortSignal;
  /** Told of every component as it settles, in the order they do. */
  onSettled?: (componentId: string, state: ScheduledState) => void | Promise<void>;
}

/**
 * Runs components in dependency order through a queue: a component is added once every component
 * it depends on is `done`; one that ends otherwise leaves its dependents `blocked`. The plan was
 * validated acyclic before it got here.
 */
export async function scheduleComponents<Component extends SchedulableComponent>(
  components: readonly Component[],
  queue: Queue<Component, ComponentOutcome>,
  options: ScheduleOptions = {},
): Promise<Map<string, ScheduledState>> {
  const states = new Map<string, ScheduledState>(options.settled ?? []);
  const byId = new Map(components.map((component) => [component.id, component]));
  const planOrder = new Map(components.map((component, index) => [component.id, index]));
  const dependents = new Map<string, string[]>();
  for (const component of components) {
    for (const dependency of component.dependsOn) {
      const list = dependents.get(dependency);
      if (list) list.push(component.id);
      else dependents.set(dependency, [component.id]);
    }
  }
  // Dependencies not yet done, per component, so each result looks only at its own dependents.
  const waitingOn = new Map(
    components.map((component) => [
      component.id,
      component.dependsOn.filter((dependency) => states.get(dependency) !== 'done').length,
    ]),
  );
  const queued = new Set<string>();
  let inFlight = 0;

  const settle = async (id: string, state: ScheduledState) => {
    states.set(id, state);
    await options.onSettled?.(id, state);
    if (state === 'done') return;
    // Everything downstream of a component that did not finish cannot start; of a cancelled one, it is cancelled too.
    for (const dependent of dependents.get(id) ?? []) {
      if (!states.has(dependent)) await settle(dependent, state === 'cancelled' ? 'cancelled' : 'blocked');
    }
  };

  const isReady = (id: string) => !states.has(id) && !queued.has(id) && waitingOn.get(id) === 0;
  const enqueue = async (candidates: readonly string[]) => {
    if (options.signal?.aborted) return;
    const ready = candidates
      .filter(isReady)
      .sort((left, right) => (planOrder.get(left) ?? 0) - (planOrder.get(right) ?? 0))
      .map((id) => byId.get(id) as Component);
    for (const component of ready) queued.add(component.id);
    inFlight += ready.length;
    await queue.add(ready.map((component) => ({ id: component.id, payload: component })));
  };
  /** The dependents whose last unfinished dependency was `id`. */
  const afterDone = (id: string): string[] => {
    const unlocked: string[] = [];
    for (const dependent of dependents.get(id) ?? []) {
      const remaining = (waitingOn.get(dependent) ?? 0) - 1;
      waitingOn.set(dependent, remaining);
      if (remaining === 0) unlocked.push(dependent);
    }
    return unlocked;
  };

  // An earlier attempt's failures still block what depends on them.
  for (const [id, outcome] of options.settled ?? []) {
    if (outcome !== 'done')
      for (const dependent of dependents.get(id) ?? [])
        if (!states.has(dependent)) await settle(dependent, 'blocked');
  }
  await enqueue(components.map((component) => component.id));
  while (inFlight > 0) {
    const result = await queue.nextResult();
    if (!result) break;
    inFlight--;
    if (!byId.has(result.id)) continue;
    const outcome: ComponentOutcome = result.status === 'completed' ? result.value : 'failed';
    const state = options.signal?.aborted && result.status === 'failed' ? 'cancelled' : outcome;
    await settle(result.id, state);
    if (state === 'done') await enqueue(afterDone(result.id));
  }
  for (const component of components) if (!states.has(component.id)) await settle(component.id, 'cancelled');
  return states;
}
