import { describe, expect, it } from 'vitest';
import { type BatonEvent, createEventBus, hookName } from './events.js';

const start: BatonEvent = {
  type: 'component-start',
  at: '2026-11-24T10:00:00.000Z',
  componentId: 'migration',
};
const check: BatonEvent = {
  type: 'check-end',
  at: '2026-11-24T10:00:01.000Z',
  checkId: 'api',
  findings: 2,
  durationMs: 40,
};

describe('event bus', () => {
  it('maps event types to hook names', () => {
    expect(hookName('component-start')).toBe('onComponentStart');
    expect(hookName('review-decision')).toBe('onReviewDecision');
  });

  it('calls the typed hook and onEvent of each subscriber, in subscription order, waiting for each', async () => {
    const calls: string[] = [];
    const bus = createEventBus();
    bus.subscribe({
      async onComponentStart(event) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        calls.push(`first:start:${event.componentId}`);
      },
      onEvent: (event) => {
        calls.push(`first:any:${event.type}`);
      },
    });
    bus.subscribe({ onCheckEnd: (event) => void calls.push(`second:check:${event.findings}`) });
    await bus.emit(start);
    await bus.emit(check);
    expect(calls).toEqual([
      'first:start:migration',
      'first:any:component-start',
      'first:any:check-end',
      'second:check:2',
    ]);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = createEventBus();
    const seen: string[] = [];
    const unsubscribe = bus.subscribe({ onEvent: (event) => void seen.push(event.type) });
    await bus.emit(start);
    unsubscribe();
    await bus.emit(check);
    expect(seen).toEqual(['component-start']);
  });

  it('rejects emit when a subscriber fails, so a step is never taken unrecorded', async () => {
    const bus = createEventBus();
    bus.subscribe({
      onEvent: () => {
        throw new Error('ledger is down');
      },
    });
    await expect(bus.emit(start)).rejects.toThrow('ledger is down');
  });
});
