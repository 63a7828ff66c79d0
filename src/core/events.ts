import type { Awaitable } from './awaitable.js';

/** The activities of the article's time-allocation tables. */
export type Activity = 'planning' | 'prompting' | 'reviewing' | 'debugging' | 'communication' | 'writing';

interface EventBase {
  /** ISO-8601 time the event happened. */
  at: string;
  runId?: string;
}

export interface RunStartEvent extends EventBase {
  type: 'run-start';
  runId: string;
  planId: string;
}
export interface RunEndEvent extends EventBase {
  type: 'run-end';
  runId: string;
  status: 'succeeded' | 'failed' | 'escalated' | 'cancelled' | 'budget-exhausted' | 'waiting-for-person';
}
export interface ComponentStartEvent extends EventBase {
  type: 'component-start';
  componentId: string;
}
export interface ComponentEndEvent extends EventBase {
  type: 'component-end';
  componentId: string;
  status: 'done' | 'escalated' | 'waiting-for-person' | 'failed' | 'cancelled' | 'blocked';
  /** Why it ended so (the last findings, the dependency that blocked it), for people and progress. */
  reason?: string;
}
export interface AttemptStartEvent extends EventBase {
  type: 'attempt-start';
  componentId: string;
  attempt: number;
}
export interface AttemptEndEvent extends EventBase {
  type: 'attempt-end';
  componentId: string;
  attempt: number;
  outcome: 'passed' | 'findings' | 'no-edits' | 'provider-error';
}
/** A step inside an attempt, so progress can say what the attempt is doing now. */
export interface AttemptStepEvent extends EventBase {
  type: 'attempt-step';
  componentId: string;
  attempt: number;
  step: 'provider-call' | 'response-reused' | 'edits-applied' | 'checks' | 'committed';
  /** For `checks`, the checks about to run. */
  checks?: string[];
}
export interface CheckEndEvent extends EventBase {
  type: 'check-end';
  componentId?: string;
  checkId: string;
  findings: number;
  durationMs: number;
}
export interface ReviewDecisionEvent extends EventBase {
  type: 'review-decision';
  componentId: string;
  decision: 'accept' | 'reject' | 'edit' | 'annotate';
  reviewer: string;
  reason?: string;
}
export interface ActivityEvent extends EventBase {
  type: 'activity';
  person: string;
  activity: Activity;
  componentId?: string;
  startedAt: string;
  endedAt: string;
}

/** Everything the engine and the CLI announce: stored in the ledger with their step, then emitted to subscribers. */
export type BatonEvent =
  | RunStartEvent
  | RunEndEvent
  | ComponentStartEvent
  | ComponentEndEvent
  | AttemptStartEvent
  | AttemptEndEvent
  | AttemptStepEvent
  | CheckEndEvent
  | ReviewDecisionEvent
  | ActivityEvent;

export type BatonEventType = BatonEvent['type'];

type PascalCase<Text extends string> = Text extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<Text>;

type HookName<Type extends BatonEventType> = `on${PascalCase<Type>}`;

/** Optional hooks, one per event type (`onRunStart`, `onCheckEnd`…), plus `onEvent` for all of them. */
export type EventSubscriber = {
  [Type in BatonEventType as HookName<Type>]?: (
    event: Extract<BatonEvent, { type: Type }>,
  ) => Awaitable<void>;
} & {
  onEvent?: (event: BatonEvent) => Awaitable<void>;
};

export function hookName<Type extends BatonEventType>(type: Type): HookName<Type> {
  const pascal = type
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `on${pascal}` as HookName<Type>;
}

export interface EventBus {
  /** Adds a subscriber; the returned function removes it. */
  subscribe(subscriber: EventSubscriber): () => void;
  /**
   * Delivers the event to every subscriber in the order they subscribed, waiting for each, so that
   * when `emit` resolves every subscriber has shown or passed on the step. A subscriber's error
   * rejects `emit`. The ledger is not a subscriber: the emitter writes each step's rows and events in
   * one transaction and emits them once it is committed (docs/decisions/0006).
   */
  emit(event: BatonEvent): Promise<void>;
}

export function createEventBus(): EventBus {
  const subscribers: EventSubscriber[] = [];
  return {
    subscribe(subscriber) {
      subscribers.push(subscriber);
      return () => {
        const index = subscribers.indexOf(subscriber);
        if (index >= 0) subscribers.splice(index, 1);
      };
    },
    async emit(event) {
      const name = hookName(event.type);
      for (const subscriber of [...subscribers]) {
        const hook = subscriber[name] as ((event: BatonEvent) => Awaitable<void>) | undefined;
        await hook?.call(subscriber, event);
        await subscriber.onEvent?.(event);
      }
    },
  };
}
