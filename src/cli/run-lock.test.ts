import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunProject, planYaml, type RunProject } from '../engine/__fixtures__/run-project.js';
import { acquireRunLock, openSqliteLedger } from '../ledger/index.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../testing/index.js';
import { lockRun } from './run-lock.js';

const baton = new URL('../../bin/baton.js', import.meta.url).pathname;

let server: FakeOpenAIServer;
let project: RunProject;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/cli/run-lock.js', import.meta.url))) {
    throw new Error('These tests run the built CLI in child processes: run `npm run build` first.');
  }
  // Every call hangs, so a run holds its lock until the test kills it.
  server = await startFakeOpenAIServer({ respond: () => fakeResponses.hang() });
  project = createRunProject(planYaml([{ id: 'alpha' }]));
  writeFileSync(
    join(project.root, 'baton.config.json'),
    JSON.stringify({ providers: { compatible: { fake: { baseURL: server.baseURL, model: 'fake-model' } } } }),
  );
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await server.close();
  project.remove();
});

function startRun(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [baton, 'run', ...args, '--provider', 'compatible:fake', '--json'], {
    cwd: project.root,
    env: { PATH: process.env.PATH ?? '', HOME: project.root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

/** Resolves with the run id once the process announced its run. */
function runStarted(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /"type":"run-start"[^\n]*?"runId":"([^"]+)"/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before starting its run`)));
  });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

async function runStatus(runId: string): Promise<string | undefined> {
  const ledger = await openSqliteLedger({ path: join(project.root, '.baton', 'ledger.db') });
  try {
    const row = await ledger.db
      .selectFrom('runs')
      .select('status')
      .where('id', '=', runId)
      .executeTakeFirst();
    return row?.status;
  } finally {
    await ledger.close();
  }
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('two `baton run` processes on one ledger', () => {
  it('refuses a second run of the same plan, and a second resume of one run, naming the holder', async () => {
    const first = startRun(['plan.yaml']);
    const runId = await runStarted(first);

    const second = await finished(startRun(['plan.yaml']));
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('error RUN_LOCKED: The plan plan.yaml is being worked on by');
    expect(second.stderr).toContain(`run ${runId}: process ${first.pid} on `);

    // The holder dies without releasing: its lock is stale, and a resume takes over.
    await kill(first);
    const resumed = startRun(['--resume', runId]);
    expect(await runStarted(resumed)).toBe(runId);
    const again = await finished(startRun(['--resume', runId]));
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(`error RUN_LOCKED: Run ${runId} is being worked on by run ${runId}`);
    expect(again.stderr).toContain(`process ${resumed.pid}`);
    expect(again.stderr).not.toContain('WORKTREE_FAILED');
    // The refused process changed nothing: the run is still the first resume's.
    expect(await runStatus(runId)).toBe('running');
    await kill(resumed);
  }, 120_000);

  it('resumes a run whose coordinator on another machine stopped renewing its lease, not before', async () => {
    const first = startRun(['plan.yaml']);
    const runId = await runStarted(first);
    await kill(first);
    // Machine A held the run: this machine cannot probe its process, only read its lease.
    const ledger = await openSqliteLedger({ path: join(project.root, '.baton', 'ledger.db') });
    const holdOnMachineA = (now: Date) =>
      acquireRunLock(ledger, {
        resource: `run:${runId}`,
        runId,
        pid: 4242,
        host: 'machine-a',
        now: () => now,
      });
    try {
      const fresh = await holdOnMachineA(new Date());
      if (!fresh.acquired) throw new Error('expected the lock');
      const refused = await finished(startRun(['--resume', runId]));
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`error RUN_LOCKED: Run ${runId} is being worked on by run ${runId}`);
      expect(refused.stderr).toContain('process 4242 on machine-a');
      expect(refused.stderr).toMatch(/its lease runs until \d{4}-\d\d-\d\dT/);
      await fresh.release();
      // The same holder, its last renewal two minutes ago: the lease ran out, and the run is free.
      const stale = await holdOnMachineA(new Date(Date.now() - 120_000));
      expect(stale.acquired).toBe(true);
    } finally {
      await ledger.close();
    }
    const resumed = startRun(['--resume', runId]);
    expect(await runStarted(resumed)).toBe(runId);
    await kill(resumed);
  }, 120_000);
});

describe('the lease of a held run lock', () => {
  it('is renewed while held, so another machine is refused past its first term; a lost lock is reported', async () => {
    const ledger = await openSqliteLedger({ path: join(project.root, '.baton', 'leases.db') });
    try {
      let lost = 0;
      const held = await lockRun(ledger, {
        planFile: undefined,
        resume: 'run_lease',
        root: project.root,
        cwd: project.root,
        leaseMs: 300,
        onLost: () => {
          lost += 1;
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      const elsewhere = await acquireRunLock(ledger, { resource: 'run:run_lease', host: 'machine-b' });
      expect(elsewhere).toMatchObject({ acquired: false, holder: { pid: process.pid } });
      expect(lost).toBe(0);
      // Machine B takes the run once the holder seems gone (a clock ahead of its lease); the holder hears of it.
      const later = new Date(Date.now() + 10_000);
      const taken = await acquireRunLock(ledger, {
        resource: 'run:run_lease',
        host: 'machine-b',
        now: () => later,
      });
      expect(taken.acquired).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lost).toBe(1);
      await held.release();
      // Releasing a lost lock leaves the new holder's in place.
      expect((await acquireRunLock(ledger, { resource: 'run:run_lease', host: 'machine-c' })).acquired).toBe(
        false,
      );
    } finally {
      await ledger.close();
    }
  });
});
