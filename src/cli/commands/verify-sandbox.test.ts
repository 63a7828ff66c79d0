import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { createFixtureProject, type FixtureProject } from '../../verify/__fixtures__/fixture-project.js';

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      strict: true,
      types: [],
    },
    include: ['src'],
  }),
  'src/shout.ts': 'export function shout(text: string): string {\n  return text.at(0)!.toUpperCase();\n}\n',
};

let project: FixtureProject | undefined;
afterEach(() => {
  project?.remove();
  delete process.env.BATON_BWRAP;
});

/** Points the sandbox at a bubblewrap that is not there, as on a machine without it. */
function withoutBubblewrap(root: string): void {
  process.env.BATON_BWRAP = join(root, 'no-such-bwrap');
}

describe('baton verify and the sandbox', () => {
  it('does not fuzz in a plain run, and fuzzes with --fuzz', async () => {
    project = createFixtureProject({ files });
    const plain = await runBaton(['verify', '--checks', 'edge-cases', '--format', 'json'], project.root);
    expect(JSON.parse(plain.stdout).findings).toEqual([]);
    const fuzzed = await runBaton(
      ['verify', '--checks', 'edge-cases', '--fuzz', '--format', 'json'],
      project.root,
    );
    expect(JSON.parse(fuzzed.stdout).findings).toEqual([
      expect.objectContaining({ ruleId: 'edge-cases/fuzz-crash', file: 'src/shout.ts' }),
    ]);
    expect(fuzzed.exitCode).toBe(1);
  }, 60_000);

  it('refuses an unknown --fuzz mode with the modes it takes', async () => {
    project = createFixtureProject({ files, linkNodeModules: false });
    const run = await runBaton(['verify', '--fuzz', 'src/'], project.root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Unknown --fuzz mode "src/"');
    expect(run.stderr).toContain('typed, hostile, off');
  });

  it('without bubblewrap, does not run the code and says how to get the sandbox', async () => {
    project = createFixtureProject({ files });
    withoutBubblewrap(project.root);
    const run = await runBaton(['verify', '--checks', 'edge-cases', '--fuzz'], project.root);
    expect(run.stdout).toContain('sandbox/unavailable');
    expect(run.stdout).toContain('apt-get install bubblewrap');
    expect(run.stdout).toContain('--allow-unsandboxed');
    expect(run.stdout).not.toContain('fuzz-crash');
  }, 60_000);

  it('with --allow-unsandboxed, runs the code and text, JSON, SARIF and the ledger say it ran unprotected', async () => {
    project = createFixtureProject({ files });
    // verify records to the ledger only inside a git repository (or into a ledger that exists).
    execFileSync('git', ['init', '-q'], { cwd: project.root });
    withoutBubblewrap(project.root);
    const args = ['verify', '--checks', 'edge-cases', '--fuzz', '--allow-unsandboxed'];
    const text = await runBaton(args, project.root);
    expect(text.stdout).toMatch(/note {2}sandbox\/unprotected {2}.*File system: NOT isolated/);
    expect(text.stdout).toContain('edge-cases/fuzz-crash');

    const json = await runBaton([...args, '--format', 'json'], project.root);
    expect(JSON.parse(json.stdout).findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'sandbox/unprotected',
          message: expect.stringContaining('ran unprotected'),
        }),
      ]),
    );

    const sarif = JSON.parse((await runBaton([...args, '--format', 'sarif'], project.root)).stdout);
    const [run] = sarif.runs;
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          expect.objectContaining({
            level: 'note',
            descriptor: { id: 'sandbox/unprotected' },
            message: { text: expect.stringContaining('ran unprotected') },
          }),
        ],
      },
    ]);
    expect(run.results.map((result: { ruleId: string }) => result.ruleId)).toContain('sandbox/unprotected');

    const ledger = await openSqliteLedger({ path: join(project.root, '.baton', 'ledger.db') });
    try {
      const rows = (await ledger.rows('findings')) as { ruleId: string; severity: string }[];
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ruleId: 'sandbox/unprotected', severity: 'note' }),
        ]),
      );
    } finally {
      await ledger.close();
    }
  }, 120_000);
});
