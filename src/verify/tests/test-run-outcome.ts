import type { SandboxResult } from '../../workspace/sandbox.js';
import {
  type EnvironmentCause,
  findEnvironmentCause,
  findMissingEnvironmentVariable,
} from '../environment-causes.js';
import type { TestInvocation } from './test-command.js';
import { type FailedTest, parseJsonReport, parseTap, parseTextOutput } from './test-results.js';

/** What a test run amounted to: tests that ran and failed, or a run that never got to its tests. */
export type TestRunOutcome =
  | { kind: 'ran'; failures: FailedTest[] }
  | { kind: 'could-not-run'; cause: EnvironmentCause | undefined };

/** Signs in plain output that a runner got as far as running tests (vitest, jest, mocha, node, TAP). */
const ranSummary =
  /^\s*(?:Tests?|Test Files)\s+.*\b\d+ (?:passed|failed)|^Tests:\s+.*\b\d+ (?:passed|failed|total)|^\s*\d+ (?:passing|failing)\b|^# (?:pass|fail) \d+|^\s*(?:not )?ok \d+ /m;

function passedInJson(text: string | undefined): number {
  if (!text) return 0;
  // Vitest and Jest mark each test; mocha's report counts them in its stats.
  const mochaPasses = /"passes"\s*:\s*(\d+)/.exec(text);
  if (mochaPasses) return Number(mochaPasses[1]);
  return (text.match(/"status"\s*:\s*"passed"/g) ?? []).length;
}

function passedInTap(text: string): number {
  return (text.match(/^\s*ok \d+ /gm) ?? []).length;
}

/**
 * Reads a test run: which tests failed, and whether any test ran at all. A run that exited with an
 * error before any test ran, or whose every failure is the environment's (a missing `.env`, an
 * ungenerated client, a program that is not installed), could not run; it says nothing of the code.
 */
export function readTestRun(invocation: TestInvocation, result: SandboxResult, root: string): TestRunOutcome {
  const output = `${result.stdout}\n${result.stderr}`;
  let failures: FailedTest[];
  let passed: number;
  let ranSomething: boolean;
  if (invocation.format.endsWith('-json')) {
    const report = invocation.reportFile ? result.files[invocation.reportFile] : undefined;
    failures = (report && parseJsonReport(report, root)) || parseTextOutput(output, root);
    passed = passedInJson(report);
    ranSomething = passed > 0 || failures.length > 0;
  } else if (invocation.format === 'tap') {
    failures = parseTap(result.stdout);
    passed = passedInTap(result.stdout);
    ranSomething = passed > 0 || failures.length > 0;
  } else {
    failures = parseTextOutput(output, root);
    passed = 0;
    ranSomething = failures.length > 0 || ranSummary.test(output);
  }
  if (result.exitCode === 0 && failures.length === 0) return { kind: 'ran', failures };
  // A test file that fails as it loads has its error in the run's output rather than in its own record.
  const fileLevel = (test: FailedTest) => test.name === '(test file)' || test.name === test.file;
  const causes = failures.map((test) => {
    const text = fileLevel(test) ? `${test.failure}\n${output}` : test.failure;
    return findEnvironmentCause(text, null) ?? findMissingEnvironmentVariable(text, root);
  });
  // Test files that never loaded for the environment's sake say nothing of the code, even beside
  // other files that did not need what was missing and passed.
  const everyFailureIsTheEnvironment =
    failures.length > 0 &&
    causes.every((cause) => cause !== undefined) &&
    (passed === 0 || failures.every(fileLevel));
  if (!ranSomething || everyFailureIsTheEnvironment) {
    const cause =
      causes[0] ??
      findEnvironmentCause(output, result.exitCode) ??
      findMissingEnvironmentVariable(output, root);
    // A plain script's output is not a report Baton can read, so its failing exit counts against the
    // code unless the environment explains it.
    if (invocation.format === 'text' && cause === undefined) return { kind: 'ran', failures };
    return { kind: 'could-not-run', cause };
  }
  return { kind: 'ran', failures };
}
