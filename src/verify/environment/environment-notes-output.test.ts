import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { openSqliteLedger } from '../../ledger/sqlite-store.js';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';

// A fresh clone: a dependency and a lockfile, nothing installed, no defect in the code; its import
// and the route's two parameters (implicitly any without fastify's types) hinge on the install.
const files = {
  'package.json': JSON.stringify({
    name: 'fresh-clone',
    type: 'module',
    dependencies: { fastify: '^5.0.0' },
  }),
  'package-lock.json': JSON.stringify({ name: 'fresh-clone', lockfileVersion: 3, packages: {} }),
  'tsconfig.json': JSON.stringify({
    include: ['src'],
    compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', types: [], noEmit: true },
  }),
  'src/app.ts': [
    "import Fastify from 'fastify';",
    '',
    'const app = Fastify();',
    "app.get('/health', async (request, reply) => reply.send({ ok: true, path: request.url }));",
    '',
  ].join('\n'),
};

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

describe('the environment note in every output', () => {
  it('is a note in text, JSON, SARIF and the ledger, and the gate does not fail on it', async () => {
    project = createFixtureProject({ files, linkNodeModules: false });
    execFileSync('git', ['init', '-q'], { cwd: project.root });
    const args = ['verify', '--checks', 'types,api'];

    const text = await runBaton(args, project.root);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /\(project\) {2}note {2}environment\/dependencies-not-installed {2}The dependencies are not installed/,
    );
    expect(text.stdout).toContain('hint: Run `npm ci` (package-lock.json)');
    expect(text.stdout).not.toContain('api/package-not-installed');
    expect(text.stdout).not.toContain('TS7006');

    const json = JSON.parse((await runBaton([...args, '--format', 'json'], project.root)).stdout);
    expect(json.findings).toEqual([
      expect.objectContaining({
        ruleId: 'environment/dependencies-not-installed',
        severity: 'note',
        message: expect.stringContaining('3 findings that hinge on it were left out'),
      }),
    ]);

    const sarif = JSON.parse((await runBaton([...args, '--format', 'sarif'], project.root)).stdout);
    const [run] = sarif.runs;
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          expect.objectContaining({
            level: 'note',
            descriptor: { id: 'environment/dependencies-not-installed' },
          }),
        ],
      },
    ]);
    expect(run.results.map((result: { ruleId: string }) => result.ruleId)).toEqual([
      'environment/dependencies-not-installed',
    ]);

    const ledger = await openSqliteLedger({ path: join(project.root, '.baton', 'ledger.db') });
    try {
      const rows = (await ledger.rows('findings')) as { ruleId: string; severity: string }[];
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ruleId: 'environment/dependencies-not-installed', severity: 'note' }),
        ]),
      );
      expect(rows.some((row) => row.ruleId === 'api/package-not-installed')).toBe(false);
    } finally {
      await ledger.close();
    }
  }, 120_000);
});
