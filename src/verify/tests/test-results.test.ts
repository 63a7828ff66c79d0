import { describe, expect, it } from 'vitest';
import { parseJsonReport, parseTap, parseTextOutput, portableFailure } from './test-results.js';

describe('reading test runner output', () => {
  it('reads jest --json reports, with and without locations', () => {
    const report = JSON.stringify({
      numFailedTests: 2,
      testResults: [
        {
          name: '/repo/test/prefs.test.js',
          status: 'failed',
          message: '',
          assertionResults: [
            {
              fullName: 'prefs saves',
              title: 'saves',
              status: 'passed',
              failureMessages: [],
              location: null,
            },
            {
              fullName: 'prefs rejects duplicates',
              title: 'rejects duplicates',
              status: 'failed',
              failureMessages: [
                'Error: expected 409\n    at Object.<anonymous> (/repo/test/prefs.test.js:14:5)',
              ],
              location: { line: 12, column: 3 },
            },
            {
              fullName: 'prefs nulls',
              title: 'nulls',
              status: 'failed',
              failureMessages: ['TypeError: x is null\n    at /repo/test/prefs.test.js:20:9'],
            },
          ],
        },
      ],
    });
    expect(parseJsonReport(report, '/repo')).toEqual([
      {
        file: '/repo/test/prefs.test.js',
        line: 12,
        column: 3,
        name: 'prefs rejects duplicates',
        failure: 'Error: expected 409\n    at Object.<anonymous> (/repo/test/prefs.test.js:14:5)',
      },
      {
        file: '/repo/test/prefs.test.js',
        line: 20,
        column: 9,
        name: 'prefs nulls',
        failure: 'TypeError: x is null\n    at /repo/test/prefs.test.js:20:9',
      },
    ]);
    expect(parseJsonReport('not json', '/repo')).toBeUndefined();
  });

  it('reads a test file that failed to load as one failure', () => {
    const report = JSON.stringify({
      testResults: [
        {
          name: 'src/a.test.ts',
          status: 'failed',
          message: 'SyntaxError: Unexpected token\n at src/a.test.ts:3:1',
          assertionResults: [],
        },
      ],
    });
    expect(parseJsonReport(report, '/repo')).toEqual([
      expect.objectContaining({ file: '/repo/src/a.test.ts', name: '(test file)', line: 1 }),
    ]);
  });

  it('reads TAP from node --test, skipping suites that fail only because a test inside failed', () => {
    const tap = [
      'TAP version 13',
      '# Subtest: prefs',
      '    # Subtest: rejects duplicates',
      '    not ok 1 - rejects duplicates',
      '      ---',
      '      duration_ms: 1.2',
      "      location: '/repo/test/prefs.test.js:8:3'",
      "      failureType: 'testCodeFailure'",
      "      error: 'Expected values to be strictly equal:\\n\\n1 !== 2\\n'",
      '      ...',
      'not ok 1 - prefs',
      '  ---',
      "  location: '/repo/test/prefs.test.js:3:1'",
      "  failureType: 'subtestsFailed'",
      '  ...',
      '1..1',
    ].join('\n');
    expect(parseTap(tap)).toEqual([
      expect.objectContaining({
        file: '/repo/test/prefs.test.js',
        line: 8,
        column: 3,
        name: 'rejects duplicates',
      }),
    ]);
  });

  it("reads vitest's text output", () => {
    const text = [
      ' FAIL  src/prefs.test.ts > preferences > keeps user_id unique',
      'AssertionError: expected 2 to be 1',
      ' ❯ src/prefs.test.ts:17:22',
    ].join('\n');
    expect(parseTextOutput(text, '/repo')).toEqual([
      expect.objectContaining({
        file: '/repo/src/prefs.test.ts',
        line: 17,
        column: 22,
        name: 'preferences > keeps user_id unique',
      }),
    ]);
  });

  it('makes a failure portable: project paths relative, frames outside the project left out', () => {
    const root = '/tmp/run/.baton/worktrees/run_1/api/1';
    const failure = [
      'AssertionError: expected 500 to be 200 // Object.is equality',
      `    at ${root}/test/api.test.ts:51:29`,
      '    at file:///home/me/baton/node_modules/@vitest/expect/dist/index.js:1747:17',
      `    at file://${root}/node_modules/chai/index.js:1607:27`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      `Error: cannot read ${root}/src/config.json`,
    ].join('\n');
    expect(portableFailure(failure, root)).toBe(
      [
        'AssertionError: expected 500 to be 200 // Object.is equality',
        '    at test/api.test.ts:51:29',
        'Error: cannot read src/config.json',
      ].join('\n'),
    );
  });
});
