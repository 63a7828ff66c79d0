import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunProject } from '../../engine/__fixtures__/run-project.js';
import {
  type AnswerScript,
  createExperimentProject,
  scriptedModel,
} from '../../engine/experiment/__fixtures__/experiment-project.js';
import { experimentSamples, openSqliteLedger } from '../../ledger/index.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../../testing/index.js';

const baton = new URL('../../../bin/baton.js', import.meta.url).pathname;

beforeAll(() => {
  if (!existsSync(new URL('../../../dist/cli/commands/experiment.js', import.meta.url)))
    throw new Error(
      'These tests run the built CLI in child processes: run `npm run build` first (npm test does).',
    );
});

let server: FakeOpenAIServer | undefined;
let project: RunProject | undefined;
afterEach(async () => {
  await server?.close();
  project?.remove();
  server = project = undefined;
});

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(root: string, args: string[]): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn(process.execPath, [baton, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, finished };
}

async function setUp(script: AnswerScript, onRequest?: (count: number) => 'hang' | undefined) {
  const model = scriptedModel(script);
  let count = 0;
  server = await startFakeOpenAIServer({
    respond: (request) => {
      count += 1;
      if (onRequest?.(count) === 'hang') return fakeResponses.hang();
      return model.respond(request);
    },
  });
  project = createExperimentProject(server.baseURL);
  return { model, server, project };
}

const experimentArgs = [
  'experiment',
  'plan.yaml',
  'hello',
  '--variants',
  'variants.yaml',
  '--provider',
  'compatible:local',
];

describe('baton experiment', () => {
  it('continues after the process is killed mid-sample, asking nothing twice, then reports', async () => {
    let kill: (() => void) | undefined;
    const { project, server } = await setUp(
      { A: [['bad', 'good'], ['good'], ['bad', 'good']], B: [['good'], ['good'], ['good']] },
      // The fifth call is in flight when the process dies: it is never answered.
      (count) => {
        if (count !== 5) return undefined;
        kill?.();
        return 'hang';
      },
    );
    const first = start(project.root, [...experimentArgs, '--samples', '3', '--id', 'exp-crash']);
    kill = () => first.child.kill('SIGKILL');
    const killed = await first.finished;
    expect(killed.signal).toBe('SIGKILL');

    const ledgerPath = join(project.root, '.baton', 'ledger.db');
    let ledger = await openSqliteLedger({ path: ledgerPath });
    const before = await experimentSamples(ledger, 'exp-crash');
    await ledger.close();
    const finishedBefore = before.filter(
      (sample) => sample.status === 'passed' || sample.status === 'escalated',
    );
    const inFlight = before.filter((sample) => sample.status === 'running');
    expect(finishedBefore.length).toBeGreaterThanOrEqual(1);
    expect(inFlight).toHaveLength(1);

    const second = start(project.root, [...experimentArgs, '--id', 'exp-crash']);
    const resumed = await second.finished;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Experiment exp-crash finished: 6 samples.');
    // Samples finished before the kill were not run again; the one cut short continued in its own run.
    expect(resumed.stderr.match(/^\[\d+\/6\]/gm)).toHaveLength(6 - finishedBefore.length);
    ledger = await openSqliteLedger({ path: ledgerPath });
    const after = await experimentSamples(ledger, 'exp-crash');
    const runs = await ledger.rows('runs');
    await ledger.close();
    expect(after.every((sample) => sample.status === 'passed')).toBe(true);
    expect(after.find((sample) => sample.id === inFlight[0]?.id)?.runId).toBe(inFlight[0]?.runId);
    for (const sample of finishedBefore)
      expect(after.find((candidate) => candidate.id === sample.id)?.endedAt).toBe(sample.endedAt);
    expect(runs).toHaveLength(6);
    // 6 first attempts + 2 repairs + the one call lost in flight.
    expect(server.requests).toHaveLength(9);

    const text = start(project.root, ['experiment', 'report', 'exp-crash']);
    const report = await text.finished;
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('Experiment exp-crash: prompts for "hello"');
    expect(report.stdout).toContain('B passes first time 3/3 against A 1/3 (p = 0.40)');
    expect(report.stdout).toContain('Too close to call');
    const html = start(project.root, [
      'experiment',
      'report',
      'exp-crash',
      '--format',
      'html',
      '-o',
      'report.html',
    ]);
    expect((await html.finished).code).toBe(0);
    const page = readFileSync(join(project.root, 'report.html'), 'utf8');
    expect(page).toContain('<canvas id="chart-pass-rate">');
    expect(page).toContain('<canvas id="chart-cost-pass">');
    const json = start(project.root, ['experiment', 'report', 'exp-crash', '--format', 'json']);
    const summary = JSON.parse((await json.finished).stdout) as {
      variants: { key: string; firstPass: { count: number; of: number } }[];
    };
    expect(
      summary.variants.map((variant) => [variant.key, variant.firstPass.count, variant.firstPass.of]),
    ).toEqual([
      ['A', 1, 3],
      ['B', 3, 3],
    ]);
    const markdown = start(project.root, ['experiment', 'report', 'exp-crash', '--format', 'md']);
    expect((await markdown.finished).stdout).toContain('| A | 1/3 (33%, 95% CI 6%–79%)');
    const list = start(project.root, ['experiment', 'list']);
    expect((await list.finished).stdout).toMatch(/exp-crash\s+hello\s+3\s+finished/);

    // A plan's run of the component, exported as docs, links the experiment run on it.
    const run = await start(project.root, ['run', 'plan.yaml', '--provider', 'compatible:local']).finished;
    expect(run.code, run.stderr).toBe(0);
    const exported = await start(project.root, ['docs', 'export']).finished;
    expect(exported.code, exported.stderr).toBe(0);
    const componentDoc = readFileSync(join(project.root, 'docs/prompts/greetings/hello.md'), 'utf8');
    expect(componentDoc).toContain('## Experiments');
    expect(componentDoc).toContain(
      '- [exp-crash](experiments/exp-crash.md) — finished, 2 variants × 3 samples',
    );
    expect(componentDoc).toContain('  - Too close to call: B passes first time 3/3 against A 1/3');
    expect(
      readFileSync(join(project.root, 'docs/prompts/greetings/experiments/exp-crash.md'), 'utf8'),
    ).toContain('# Experiment exp-crash: prompts for "hello"');
  }, 300_000);

  it('explains --samples 0 and an unknown id before any call', async () => {
    const { project, server } = await setUp({ A: [], B: [] });
    const zero = await start(project.root, [...experimentArgs, '--samples', '0']).finished;
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--samples must be a whole number of at least 1, got "0"');
    const unknown = await start(project.root, ['experiment', '--id', 'exp-none']).finished;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No experiment "exp-none"');
    expect(server.requests).toHaveLength(0);
  }, 60_000);
});
