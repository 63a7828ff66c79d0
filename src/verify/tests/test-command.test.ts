import { chmodSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { verify } from '../verify.js';
import { planTestRun } from './test-command.js';
import { parseJsonReport } from './test-results.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const nodeTest = (name: string, pass: boolean) =>
  `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n\ntest('${name}', () => {\n  assert.equal(1 + 1, ${pass ? 2 : 3});\n});\n`;

function manifest(script: string): string {
  return JSON.stringify({ name: 'app', type: 'module', scripts: { test: script } });
}

/** A project with a runner's binary in node_modules/.bin, for runners not installed here. */
function withFakeBinary(name: string, script: string): FixtureProject {
  const created = createFixtureProject({
    linkNodeModules: false,
    files: { 'package.json': manifest(script) },
  });
  chmodSync(created.write(`node_modules/.bin/${name}`, '#!/bin/sh\nexit 0\n'), 0o755);
  return created;
}

describe("node's test runner", () => {
  it('runs a script that names a folder, with its reporter before the folder', async () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': manifest('node --test test/'),
        'test/math.test.js': nodeTest('adds', false),
      },
    });
    const invocation = planTestRun(project.root, 'npm test', [], '/tmp/report.json');
    expect(invocation.args).toEqual(['--test', '--test-reporter=tap', 'test/']);
    const report = await verify({ root: project.root, checks: ['tests'], testCommand: 'npm test' });
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'tests/failed', file: 'test/math.test.js' }),
    ]);
  });

  it('runs only the given files in place of the folder, keeping options that take a value', async () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': manifest('node --import ./setup.mjs --test --test-reporter spec test/'),
        'setup.mjs': 'globalThis.setUp = true;\n',
        'test/accept.test.js': nodeTest('accepts', false),
        'test/other.test.js': nodeTest('is not run', false),
      },
    });
    const invocation = planTestRun(project.root, 'npm test', ['test/accept.test.js'], '/tmp/r.json');
    expect(invocation.args).toEqual([
      '--import',
      './setup.mjs',
      '--test',
      '--test-reporter=tap',
      'test/accept.test.js',
    ]);
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'npm test',
      testFiles: ['test/accept.test.js'],
    });
    expect(report.findings.map((finding) => [finding.ruleId, finding.file])).toEqual([
      ['tests/failed', 'test/accept.test.js'],
    ]);
  });
});

describe('vitest', () => {
  it('replaces the script’s filters and reporter, and runs only the given files', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest('vitest --reporter verbose --watch src'),
        'src/accept.test.ts':
          "import { expect, it } from 'vitest';\n\nit('keeps ids unique', () => {\n  expect(1).toBe(2);\n});\n",
        'src/other.test.ts':
          "import { expect, it } from 'vitest';\n\nit('not run', () => expect(1).toBe(2));\n",
      },
    });
    const invocation = planTestRun(project.root, 'npm test', ['src/accept.test.ts'], '/tmp/r.json');
    expect(invocation.args).toEqual([
      'run',
      '--reporter=json',
      '--outputFile=/tmp/r.json',
      '--includeTaskLocation',
      'src/accept.test.ts',
    ]);
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'npm test',
      testFiles: ['src/accept.test.ts'],
    });
    expect(report.findings.map((finding) => [finding.ruleId, finding.file])).toEqual([
      ['tests/failed', 'src/accept.test.ts'],
    ]);
  });
});

// Jest and mocha are not installed here: these check the command line Baton builds for them.
describe('jest and mocha (command line only)', () => {
  it('jest: its JSON report, exact paths for given files, watch and the config value kept apart', () => {
    project = withFakeBinary('jest', 'jest --config jest.config.js --watch src/');
    const given = planTestRun(project.root, 'npm test', ['src/a.test.ts'], '/tmp/r.json');
    expect(given.format).toBe('jest-json');
    expect(given.args).toEqual([
      '--config',
      'jest.config.js',
      '--json',
      '--outputFile=/tmp/r.json',
      '--testLocationInResults',
      '--runTestsByPath',
      'src/a.test.ts',
    ]);
    expect(planTestRun(project.root, 'npm test', [], '/tmp/r.json').args.at(-1)).toBe('src/');
  });

  it('mocha: its JSON reporter to a file, replacing the script’s reporter and spec', () => {
    project = withFakeBinary('mocha', 'mocha -R spec --require ts-node/register "test/**/*.spec.ts"');
    const given = planTestRun(project.root, 'npm test', ['test/a.spec.ts'], '/tmp/r.json');
    expect(given.format).toBe('mocha-json');
    expect(given.reportFile).toBe('/tmp/r.json');
    expect(given.args).toEqual([
      '--require',
      'ts-node/register',
      '--reporter=json',
      '--reporter-option=output=/tmp/r.json',
      'test/a.spec.ts',
    ]);
    expect(planTestRun(project.root, 'npm test', [], '/tmp/r.json').args.at(-1)).toBe('test/**/*.spec.ts');
  });
});

describe("mocha's JSON report", () => {
  it('points each failure at its file and the first frame inside it', () => {
    const report = JSON.stringify({
      stats: { failures: 1 },
      failures: [
        {
          title: 'adds',
          fullTitle: 'math adds',
          file: '/app/test/math.spec.js',
          err: {
            message: 'expected 3 to equal 2',
            stack:
              'AssertionError: expected 3 to equal 2\n    at Context.<anonymous> (/app/test/math.spec.js:7:12)',
          },
        },
      ],
      passes: [],
    });
    expect(parseJsonReport(report, '/app')).toEqual([
      {
        file: '/app/test/math.spec.js',
        line: 7,
        column: 12,
        name: 'math adds',
        failure: 'expected 3 to equal 2',
      },
    ]);
  });
});

describe('a script Baton cannot extend', () => {
  it('runs as written, with no paths appended, and reports its failure', async () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': manifest('node run-tests.js'),
        'run-tests.js':
          "console.log('arguments:', JSON.stringify(process.argv.slice(2)));\nprocess.exit(1);\n",
      },
    });
    const invocation = planTestRun(project.root, 'npm test', ['a.test.js'], '/tmp/r.json');
    expect(invocation).toMatchObject({ command: 'sh', args: ['-c', 'npm test'], format: 'text' });
    const report = await verify({
      root: project.root,
      checks: ['tests'],
      testCommand: 'npm test',
      testFiles: ['a.test.js'],
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tests/command-failed',
        message: expect.stringContaining('arguments: []'),
      }),
    ]);
  });
});
