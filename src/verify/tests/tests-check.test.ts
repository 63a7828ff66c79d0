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

  it('a failing command with no test to point at becomes one finding with its output', async () => {
    project = createFixtureProject({ linkNodeModules: false, files: { 'package.json': '{"name":"app"}' } });
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'node -e "console.error(\'cannot load the suite\'); process.exit(3)"',
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/command-failed',
        file: '.',
        message: expect.stringContaining('cannot load the suite'),
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
