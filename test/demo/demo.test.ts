import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCassette, requestKey } from '../../src/providers/cassette.js';

// `npm run demo` is the README's first command: run it as a newcomer would, on the built CLI, and
// hold it to its promise — every planted mistake caught and fixed, every component done. The replay
// run is also what keeps the committed cassette honest: a prompt that renders differently is a
// replay miss, and the demo says to run `npm run demo:record`. The --http run takes as long again
// (70 s to 3 minutes on two shared cores) and covers what the replay does not only in the SDK and
// HTTP path, so it runs only with BATON_DEMO_HTTP=1.

const batonRoot = join(import.meta.dirname, '..', '..');
const example = join(batonRoot, 'examples', 'notification-preferences');
const cassetteFile = join(example, 'recorded', 'demo.cassette.json');
const planted = [
  'sql/one-per-parent-needs-unique',
  'api/missing-export',
  'types/unhandled-null',
  'security/sql-injection',
];

/** The demo script as a child process, without this test runner's variables leaking into its tests. */
function demo(...args: string[]): Promise<{ status: number; output: string }> {
  if (!existsSync(join(batonRoot, 'dist', 'index.js'))) throw new Error('Run `npm run build` first.');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(batonRoot, 'scripts', 'demo.mjs'), ...args],
      { cwd: batonRoot, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

function expectEveryMistakeCaughtAndFixed(result: { status: number; output: string }): void {
  const tail = result.output.split('\n').slice(-60).join('\n');
  expect(result.status, `the demo failed:\n${tail}`).toBe(0);
  expect(result.output).toContain(
    `Planted mistakes: ${planted.length} of ${planted.length} caught and fixed.`,
  );
  for (const ruleId of planted)
    expect(result.output).toMatch(
      new RegExp(`✓ ${ruleId}: .*; caught in [a-z-]+ attempt 1 at .+, fixed by attempt 2`),
    );
  expect(result.output).toContain('A person would read each diff');
  // The demo accepts by policy, and the audit says so.
  expect(result.output).toMatch(
    /warning accepted-without-review: [a-z-]+ was accepted by policy without review, then merged/,
  );
}

describe('npm run demo', () => {
  it('keeps the cassette in step with the recorded answers, readable and free of machine details', () => {
    const cassette = readCassette(cassetteFile);
    const raw = readFileSync(cassetteFile, 'utf8');
    expect(raw).not.toMatch(/\/tmp\/|baton-demo-|run_0[0-9a-z]{20}|\/work\/|\/home\//);
    expect(new Set(cassette.interactions.map((interaction) => interaction.recordedAt)).size).toBe(1);
    for (const interaction of cassette.interactions) {
      expect(interaction.key).toBe(requestKey(interaction.request));
      expect(interaction.response.text).not.toContain('[redacted]');
    }
    // Every recorded answer is in the cassette as it is on disk: editing one without recording again fails here.
    const answers = readdirSync(join(example, 'recorded'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) =>
        readdirSync(join(example, 'recorded', entry.name)).map((file) =>
          readFileSync(join(example, 'recorded', entry.name, file), 'utf8'),
        ),
      );
    const replayed = cassette.interactions.map((interaction) => interaction.response.text);
    const stale = answers.filter((answer) => !replayed.includes(answer)).length;
    expect(stale, 'a recorded answer changed since the cassette was made: run npm run demo:record').toBe(0);
    expect(replayed).toHaveLength(answers.length);
  });

  it('replays the feature through the engine: every planted mistake caught and fixed, every component done', async () => {
    expectEveryMistakeCaughtAndFixed(await demo());
  }, 360_000);

  it.runIf(process.env.BATON_DEMO_HTTP === '1')(
    'does the same over HTTP through the fake OpenAI-compatible server (--http)',
    async () => {
      const result = await demo('--http');
      expectEveryMistakeCaughtAndFixed(result);
      expect(result.output).toContain('--provider compatible:demo');
    },
    360_000,
  );
});
