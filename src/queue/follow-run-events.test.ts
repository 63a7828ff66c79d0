import { afterEach, describe, expect, it } from 'vitest';
import type { BatonEvent } from '../core/index.js';
import { createEventBus, loadConfig } from '../core/index.js';
import { createRunProject, goodAnswer, planYaml } from '../engine/__fixtures__/run-project.js';
import { runPlan } from '../engine/index.js';
import { findRun, openSqliteLedger } from '../ledger/index.js';
import { createLedgerRecorder, createRedactor, withReliability } from '../providers/index.js';
import { createScriptedProvider } from '../testing/scripted-provider.js';
import { followRun } from './follow-run-events.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('following a run from the ledger', () => {
  it('replays what was recorded, then each new event live, and ends with the run and its status', async () => {
    const ids = ['alpha', 'bravo'];
    const project = createRunProject(planYaml([{ id: 'alpha' }, { id: 'bravo', dependsOn: ['alpha'] }]));
    cleanups.push(() => project.remove());
    const config = await loadConfig({ cwd: project.root, env: {} });
    if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
    // The run and the follower open the ledger apart, as two processes would.
    const writer = await openSqliteLedger({ path: config.ledger.path });
    cleanups.push(() => writer.close());
    const reader = await openSqliteLedger({ path: config.ledger.path });
    cleanups.push(() => reader.close());
    let answered = 0;
    const scripted = createScriptedProvider((request) => {
      answered += 1;
      const text = request.messages.map((message) => message.content).join('\n');
      return goodAnswer(ids.find((id) => text.includes(`The ${id} text`)) ?? 'alpha');
    });
    const provider = withReliability(scripted, {
      observers: [createLedgerRecorder({ ledger: writer, redactor: createRedactor({}) })],
    });
    let started: (runId: string) => void = () => {};
    const runId = new Promise<string>((resolve) => (started = resolve));
    const running = runPlan({
      config,
      ledger: writer,
      provider,
      planFile: project.planFile,
      onStart: (run) => started(run.runId),
    });

    const id = await runId;
    const followed: BatonEvent[] = [];
    const events = createEventBus();
    events.subscribe({ onEvent: (event) => void followed.push(event) });
    const following = followRun({ ledger: reader, runId: id, events, intervalMs: 20 });
    // Still running when the follower started: what it shows after this came live, not from a replay.
    expect(answered).toBeLessThan(2);
    const status = await following;
    const result = await running;

    expect(status).toBe('succeeded');
    expect(result.status).toBe('succeeded');
    expect((await findRun(reader, id))?.status).toBe('succeeded');
    const recorded = (await reader.readEvents({ runId: id })).map((stored) => stored.event);
    expect(followed).toEqual(recorded);
    expect(followed.at(0)?.type).toBe('run-start');
    expect(followed.at(-1)).toMatchObject({ type: 'run-end', status: 'succeeded' });
    expect(
      followed.filter((event) => event.type === 'component-end').map((event) => event.componentId),
    ).toEqual(['alpha', 'bravo']);

    // A run that already ended is shown whole, at once.
    const again: BatonEvent[] = [];
    const replay = createEventBus();
    replay.subscribe({ onEvent: (event) => void again.push(event) });
    expect(await followRun({ ledger: reader, runId: id, events: replay })).toBe('succeeded');
    expect(again).toEqual(recorded);
  }, 120_000);
});
