import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import {
  type FakeOpenAIServer,
  type FakeRequest,
  startFakeOpenAIServer,
} from '../testing/fake-openai-server.js';
import { fakeResponses } from '../testing/fake-server-steps.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
  wrongImportAnswer,
} from './__fixtures__/run-project.js';

const baton = new URL('../../bin/baton.js', import.meta.url).pathname;

beforeAll(() => {
  if (!existsSync(new URL('../../dist/cli/commands/run.js', import.meta.url))) {
    throw new Error(
      'These tests run the built CLI in child processes: run `npm run build` first (npm test does).',
    );
  }
});

/** Four components, two of which need a repair: six distinct provider calls in all. */
const components = [
  { id: 'alpha' },
  { id: 'beta', dependsOn: ['alpha'] },
  { id: 'gamma' },
  { id: 'delta', dependsOn: ['beta', 'gamma'] },
];
const needsRepair = new Set(['alpha', 'gamma']);
const distinctCalls = components.length + needsRepair.size;

function componentOf(request: FakeRequest): { id: string; repair: boolean } {
  const text = request.lastUserText;
  const repair = /^Attempt \d+ at "/.test(text);
  const id = components.find((component) =>
    repair ? text.includes(`(${component.id})`) : text.includes(`The ${component.id} text`),
  )?.id;
  if (!id) throw new Error(`Cannot tell the component of: ${text.slice(0, 200)}`);
  return { id, repair };
}

/** The server's view: which requests it answered, and which arrived while the test was killing the run. */
interface Tally {
  answered: string[];
  unanswered: string[];
}

function keyOf(request: FakeRequest): string {
  return JSON.stringify((request.body as { messages?: unknown }).messages);
}

function startRun(project: RunProject, args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    [baton, 'run', ...args, '--provider', 'compatible:fake', '--concurrency', '1', '--json'],
    {
      cwd: project.root,
      env: { PATH: process.env.PATH ?? '', HOME: project.root },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  events: string[];
}

/** Runs until exit; kills with SIGKILL once `killAfterEvents` JSON event lines have been read, if given. */
function watch(child: ChildProcess, onKill: () => void, killAfterEvents?: number): Promise<Finished> {
  return new Promise((resolve) => {
    let buffered = '';
    let stderr = '';
    const events: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        events.push(line);
        if (killAfterEvents !== undefined && events.length === killAfterEvents && child.exitCode === null) {
          onKill();
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code, signal) => resolve({ code, signal, stderr, events }));
  });
}

async function componentStates(project: RunProject): Promise<Record<string, string>> {
  const ledger = await openSqliteLedger({ path: join(project.root, '.baton', 'ledger.db') });
  try {
    const rows = await ledger.db.selectFrom('components').select(['key', 'status']).execute();
    return Object.fromEntries(rows.map((row) => [row.key, row.status]));
  } finally {
    await ledger.close();
  }
}

describe('a run killed with SIGKILL at many steps, then resumed', () => {
  let server: FakeOpenAIServer;
  let killing = false;
  let killAtRequest: number | undefined;
  let requestsSeen = 0;
  let current: ChildProcess | undefined;
  const tally: Tally = { answered: [], unanswered: [] };

  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      respond(request) {
        requestsSeen += 1;
        const key = keyOf(request);
        // A request that arrives while the run is being killed is never answered: it was in flight.
        if (killing || requestsSeen === killAtRequest) {
          if (!killing) {
            killing = true;
            current?.kill('SIGKILL');
          }
          tally.unanswered.push(key);
          return fakeResponses.hang();
        }
        tally.answered.push(key);
        const { id, repair } = componentOf(request);
        return fakeResponses.reply(needsRepair.has(id) && !repair ? wrongImportAnswer(id) : goodAnswer(id));
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  function project(): RunProject {
    const created = createRunProject(planYaml(components));
    writeFileSync(
      join(created.root, 'baton.config.json'),
      JSON.stringify({
        providers: { compatible: { fake: { baseURL: server.baseURL, model: 'fake-model' } } },
        // Durability is under test, not the gate. Each check prints a progress line before the attempt's
        // outcome is stored, so with every check a round killed after 6 lines would never reach one.
        verify: { checks: ['types', 'api', 'tests'] },
      }),
    );
    return created;
  }

  function reset(): void {
    tally.answered.length = 0;
    tally.unanswered.length = 0;
    requestsSeen = 0;
    killAtRequest = undefined;
    killing = false;
  }

  /** Runs, kills, resumes… until a process finishes the run; returns how many processes it took. */
  async function runToCompletion(
    created: RunProject,
    kill: (round: number) => { afterEvents?: number; atRequest?: number },
  ): Promise<{ processes: number; killed: number }> {
    let killed = 0;
    for (let round = 0; round < 40; round++) {
      killing = false;
      const plan = kill(round);
      killAtRequest = plan.atRequest;
      const child = startRun(created, round === 0 ? ['plan.yaml'] : ['--resume']);
      current = child;
      const finished = await watch(child, () => (killing = true), plan.afterEvents);
      if (finished.signal === 'SIGKILL') {
        killed += 1;
        continue;
      }
      expect(finished.code, finished.stderr).toBe(0);
      return { processes: round + 1, killed };
    }
    throw new Error('The run did not finish in 40 processes.');
  }

  function expectEveryCallAnsweredOnce(): void {
    const counts = new Map<string, number>();
    for (const key of tally.answered) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
    expect(counts.size).toBe(distinctCalls);
    // A call cut off in flight was answered later: none is lost.
    for (const key of tally.unanswered) expect(counts.get(key)).toBe(1);
  }

  it('kills at every provider request in turn; every call is answered exactly once overall', async () => {
    reset();
    const created = project();
    try {
      // Each process first re-sends the call its predecessor was killed in, then is killed at its next new call.
      const result = await runToCompletion(created, (round) => ({
        atRequest: round === 0 ? 1 : requestsSeen + 2,
      }));
      expect(result.killed).toBe(distinctCalls);
      expectEveryCallAnsweredOnce();
      expect(await componentStates(created)).toEqual({
        alpha: 'done',
        beta: 'done',
        gamma: 'done',
        delta: 'done',
      });
    } finally {
      created.remove();
    }
  }, 300_000);

  for (const step of [6, 11]) {
    it(`kills after every ${step} ledger events; the resumed run finishes with every call answered once`, async () => {
      reset();
      const created = project();
      try {
        const result = await runToCompletion(created, (round) => ({ afterEvents: step + (round % 3) }));
        expect(result.killed).toBeGreaterThan(0);
        expectEveryCallAnsweredOnce();
        expect(await componentStates(created)).toEqual({
          alpha: 'done',
          beta: 'done',
          gamma: 'done',
          delta: 'done',
        });
        const ledger = await openSqliteLedger({ path: join(created.root, '.baton', 'ledger.db') });
        try {
          const responses = await ledger.db.selectFrom('responses').select('id').execute();
          expect(responses).toHaveLength(distinctCalls);
          const run = await ledger.db.selectFrom('runs').select('status').executeTakeFirstOrThrow();
          expect(run.status).toBe('succeeded');
        } finally {
          await ledger.close();
        }
      } finally {
        created.remove();
      }
    }, 300_000);
  }

  it('Ctrl-C (SIGINT) aborts the call in flight, exits 130 and leaves a run that resumes', async () => {
    reset();
    const created = project();
    try {
      // The third call hangs at the server, and the test sends SIGINT while it waits.
      let interrupted = false;
      killAtRequest = undefined;
      const child = startRun(created, ['plan.yaml']);
      current = child;
      const exited = watch(child, () => {});
      const poll = setInterval(() => {
        if (!interrupted && requestsSeen >= 2 && tally.answered.length >= 2) {
          interrupted = true;
          killing = true;
          child.kill('SIGINT');
        }
      }, 5);
      const finished = await exited;
      clearInterval(poll);
      expect(finished.code, finished.stderr).toBe(130);
      const ledger = await openSqliteLedger({ path: join(created.root, '.baton', 'ledger.db') });
      try {
        const run = await ledger.db.selectFrom('runs').select('status').executeTakeFirstOrThrow();
        expect(run.status).toBe('cancelled');
      } finally {
        await ledger.close();
      }
      killing = false;
      const resumed = await watch(startRun(created, ['--resume']), () => {});
      expect(resumed.code, resumed.stderr).toBe(0);
      expectEveryCallAnsweredOnce();
      expect(await componentStates(created)).toEqual({
        alpha: 'done',
        beta: 'done',
        gamma: 'done',
        delta: 'done',
      });
    } finally {
      created.remove();
    }
  }, 300_000);
});
