import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { verify } from '../verify.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const failingNodeTest = `import { test } from 'node:test';
import assert from 'node:assert/strict';

test('adds small numbers', () => {
  assert.equal(1 + 1, 2);
});

test('adds large numbers', () => {
  assert.equal(1 + 2, 4);
});
`;

describe('the tests check', () => {
  it('runs node:test through npm test and points at the failing test', async () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { test: 'node --test' } }),
        'math.test.js': failingNodeTest,
      },
    });
    const report = await verify({ root: project.root, checks: ['tests'], testCommand: 'npm test' });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/failed',
        file: 'math.test.js',
        range: expect.objectContaining({ startLine: 8 }),
        message: expect.stringMatching(/^Test "adds large numbers" failed: /),
      }),
    ]);
  });

  it('runs vitest with its JSON reporter, and only the named acceptance test files', async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { test: 'vitest' } }),
        'accept.test.ts':
          "import { expect, it } from 'vitest';\n\nit('keeps the user id unique', () => {\n  expect([1, 1]).toEqual([1, 2]);\n});\n",
        'other.test.ts':
          "import { expect, it } from 'vitest';\n\nit('is never run here', () => {\n  expect(1).toBe(2);\n});\n",
      },
    });
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'npm test',
      testFiles: ['accept.test.ts'],
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/failed',
        file: 'accept.test.ts',
        range: expect.objectContaining({ startLine: 3 }),
        message: expect.stringContaining('Test "keeps the user id unique" failed'),
      }),
    ]);
  });

  it('a plain command that stops with no cause Baton recognises is a failure: nothing shows the code works', async () => {
    project = createFixtureProject({ linkNodeModules: false, files: { 'package.json': '{"name":"app"}' } });
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'node -e "console.error(\'cannot load the suite\'); process.exit(3)"',
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/command-failed',
        severity: 'error',
        message: expect.stringMatching(/exit 3[\s\S]*cannot load the suite/),
      }),
    ]);
  });

  it('a command that ran tests and failed without one to point at is still a failure', async () => {
    project = createFixtureProject({ linkNodeModules: false, files: { 'package.json': '{"name":"app"}' } });
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: "node -e \"console.log('  3 passing'); console.log('  1 failing'); process.exit(1)\"",
    });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'tests/command-failed' })]);
  });

  it('a test runner that is not installed (exit 127) could not run, with the program named', async () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: { 'package.json': JSON.stringify({ name: 'app', scripts: { test: 'mocha' } }) },
    });
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'baton-no-such-pnpm test',
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/could-not-run',
        severity: 'note',
        message: expect.stringContaining('`baton-no-such-pnpm` is not installed'),
        hint: expect.stringContaining('corepack enable'),
      }),
    ]);
  });

  it('a missing .env read as a test file loads could not run', async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { test: 'vitest' } }),
        'config.ts':
          "import { readFileSync } from 'node:fs';\nexport const settings = readFileSync(new URL('./.env', import.meta.url), 'utf8');\n",
        'config.test.ts':
          "import { expect, it } from 'vitest';\nimport { settings } from './config.js';\n\nit('reads the settings', () => {\n  expect(settings).toContain('PORT');\n});\n",
      },
    });
    const report = await verify({ root: project.root, checks: ['tests'], testCommand: 'npm test' });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/could-not-run',
        severity: 'note',
        message: expect.stringContaining('the `.env` file it reads is missing'),
      }),
    ]);
  });

  it('a test file stopped by a variable the example env file lists could not run, beside files that passed', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { test: 'vitest' } }),
      '.env.example': '# where the store lives\nSTORE_URL=postgres://localhost/app\n',
      'settings.ts':
        'if (!process.env.STORE_URL) throw new Error(\'Invalid settings: "STORE_URL" is required\');\nexport const storeUrl = process.env.STORE_URL;\n',
      'settings.test.ts':
        "import { expect, it } from 'vitest';\nimport { storeUrl } from './settings.js';\n\nit('has a store', () => {\n  expect(storeUrl).toBeTruthy();\n});\n",
      'sum.test.ts':
        "import { expect, it } from 'vitest';\n\nit('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
    };
    project = createFixtureProject({ files });
    const report = await verify({ root: project.root, checks: ['tests'], testCommand: 'npm test' });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/could-not-run',
        severity: 'note',
        message: expect.stringContaining('the variable `STORE_URL` is not set'),
      }),
    ]);
    project.remove();
    // With a .env of its own the project chose its settings, so the same stop is the code's failure.
    project = createFixtureProject({ files: { ...files, '.env': 'OTHER=1\n' } });
    const withEnv = await verify({ root: project.root, checks: ['tests'], testCommand: 'npm test' });
    expect(withEnv.findings.map((finding) => finding.ruleId)).toEqual(['tests/failed']);
  });

  it('a Prisma client that was never generated could not run', async () => {
    // The shape of @prisma/client before `prisma generate`: constructing the client throws.
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { test: 'node --test' } }),
        'node_modules/@prisma/client/package.json': '{"name":"@prisma/client","main":"index.js"}',
        'node_modules/@prisma/client/index.js':
          'class PrismaClient { constructor() { throw new Error(\'@prisma/client did not initialize yet. Please run "prisma generate" and try to import it again.\'); } }\nmodule.exports = { PrismaClient };\n',
        'users.test.js':
          "import { test } from 'node:test';\nimport { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n\ntest('finds a user', () => {});\n",
      },
    });
    const report = await verify({ root: project.root, checks: ['tests'], testCommand: 'npm test' });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/could-not-run',
        severity: 'note',
        message: expect.stringContaining('the Prisma client has not been generated'),
        hint: expect.stringContaining('prisma generate'),
      }),
    ]);
  });

  it('a hanging test run is stopped at the time limit and reported', async () => {
    project = createFixtureProject({ linkNodeModules: false, files: { 'package.json': '{"name":"app"}' } });
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'node -e "setInterval(() => {}, 1000)"',
      testTimeoutMs: 1500,
    });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'tests/timeout' })]);
  });

  it('a project without a test command has nothing to run', async () => {
    project = createFixtureProject({ linkNodeModules: false, files: { 'package.json': '{"name":"app"}' } });
    const report = await verify({ root: project.root, checks: ['tests'] });
    expect(report.findings).toEqual([]);
  });
});
