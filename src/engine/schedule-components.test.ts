import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from './in-process-queue.js';
import {
  type ComponentOutcome,
  type SchedulableComponent,
  scheduleComponents,
} from './schedule-components.js';

const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// migration → (api, form) → tests; docs stands alone.
const plan: SchedulableComponent[] = [
  { id: 'migration', dependsOn: [] },
  { id: 'api', dependsOn: ['migration'] },
  { id: 'form', dependsOn: ['migration'] },
  { id: 'tests', dependsOn: ['api', 'form'] },
  { id: 'docs', dependsOn: [] },
];

function runner(outcomes: Record<string, ComponentOutcome> = {}, concurrency = 2) {
  const events: string[] = [];
  let running = 0;
  let most = 0;
  const queue = createInProcessQueue<SchedulableComponent, ComponentOutcome>();
  queue.process(
    async (job) => {
      running++;
      most = Math.max(most, running);
      events.push(`start ${job.id}`);
      await wait(job.id === 'api' ? 15 : 5);
      events.push(`end ${job.id}`);
      running--;
      if (job.id === 'crash') throw new Error('worktree vanished');
      return outcomes[job.id] ?? 'done';
    },
    { concurrency },
  );
  return { queue, events, most: () => most };
}

describe('scheduling components', () => {
  it('starts each component after everything it depends on is done, with bounded concurrency', async () => {
    const { queue, events, most } = runner();
    const states = await scheduleComponents(plan, queue);
    await queue.close();
    expect(Object.fromEntries(states)).toEqual({
      migration: 'done',
      api: 'done',
      form: 'done',
      tests: 'done',
      docs: 'done',
    });
    const position = (entry: string) => events.indexOf(entry);
    expect(position('start api')).toBeGreaterThan(position('end migration'));
    expect(position('start form')).toBeGreaterThan(position('end migration'));
    expect(position('start tests')).toBeGreaterThan(Math.max(position('end api'), position('end form')));
    expect(most()).toBe(2);
  });

  it('blocks everything downstream of an escalated component and finishes the rest', async () => {
    const { queue, events } = runner({ form: 'escalated' });
    const settled: string[] = [];
    const states = await scheduleComponents(plan, queue, {
      onSettled: (id, state) => void settled.push(`${id}:${state}`),
    });
    await queue.close();
    expect(Object.fromEntries(states)).toEqual({
      migration: 'done',
      api: 'done',
      form: 'escalated',
      tests: 'blocked',
      docs: 'done',
    });
    expect(events).not.toContain('start tests');
    expect(settled).toContain('tests:blocked');
  });

  it('treats a component whose work threw as failed', async () => {
    const { queue } = runner();
    const states = await scheduleComponents(
      [
        { id: 'crash', dependsOn: [] },
        { id: 'after', dependsOn: ['crash'] },
      ],
      queue,
    );
    await queue.close();
    expect(Object.fromEntries(states)).toEqual({ crash: 'failed', after: 'blocked' });
  });

  it('resumes: components settled earlier are not run again, and earlier failures still block', async () => {
    const { queue, events } = runner();
    const states = await scheduleComponents(plan, queue, {
      settled: new Map<string, ComponentOutcome>([
        ['migration', 'done'],
        ['form', 'waiting-for-person'],
      ]),
    });
    await queue.close();
    expect(events.filter((entry) => entry.startsWith('start')).sort()).toEqual(['start api', 'start docs']);
    expect(Object.fromEntries(states)).toMatchObject({
      migration: 'done',
      form: 'waiting-for-person',
      tests: 'blocked',
      api: 'done',
    });
  });

  it('hands out nothing new once cancelled, and marks what never ran as cancelled', async () => {
    const { queue, events } = runner({}, 1);
    const controller = new AbortController();
    const states = await scheduleComponents(plan, queue, {
      signal: controller.signal,
      onSettled: (id) => {
        if (id === 'migration') controller.abort();
      },
    });
    await queue.close();
    // docs was already handed to the queue with migration; nothing was handed out after the abort.
    expect(events.filter((entry) => entry.startsWith('start'))).toEqual(['start migration', 'start docs']);
    expect(Object.fromEntries(states)).toEqual({
      migration: 'done',
      docs: 'done',
      api: 'cancelled',
      form: 'cancelled',
      tests: 'cancelled',
    });
  });
});
