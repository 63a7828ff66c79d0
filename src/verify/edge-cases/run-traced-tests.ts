import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { runSandboxed, type SandboxResult } from '../../workspace/sandbox.js';
import type { CheckContext } from '../check.js';
import { planTestRun } from '../tests/test-command.js';
import { parseTextOutput, portableFailure } from '../tests/test-results.js';
import type { DeclaredTest } from './discover-tests.js';
import { readJsonOutcomes, readTapOutcomes, type TestOutcome } from './test-outcomes.js';

/** Whether a declared test passed in the run, and the failure when it did not. */
export interface TestVerdict {
  status: 'passed' | 'failed' | 'skipped' | 'not-run';
  failure: string;
}

/** A title with `${…}` holes (a template) as a pattern matching the names it produces. */
function titlePattern(title: string): RegExp {
  const parts = title.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's');
}

function verdictOf(test: DeclaredTest, outcomes: readonly TestOutcome[]): TestVerdict {
  const pattern = titlePattern(test.title);
  const matching = outcomes.filter(
    (outcome) => (outcome.file === undefined || outcome.file === test.file) && pattern.test(outcome.title),
  );
  if (matching.length === 0) return { status: test.skipped ? 'skipped' : 'not-run', failure: '' };
  const failed = matching.find((outcome) => outcome.status === 'failed');
  if (failed) return { status: 'failed', failure: failed.failure };
  if (matching.every((outcome) => outcome.status === 'skipped')) return { status: 'skipped', failure: '' };
  return { status: 'passed', failure: '' };
}

/**
 * Runs the test files the traced tests live in, with the project's test command in the sandbox, and
 * says for each traced test whether it passed.
 */
export async function runTracedTests(
  context: CheckContext,
  testCommand: string,
  tests: readonly DeclaredTest[],
): Promise<Map<DeclaredTest, TestVerdict>> {
  const { root } = context.project;
  const files = [...new Set(tests.map((test) => test.file))];
  // Written in the sandbox's copy of the project, and read back from it.
  const reportFile = join(root, `.baton-test-report-${randomUUID()}.json`);
  const invocation = planTestRun(root, testCommand, files, reportFile);
  let result: SandboxResult;
  try {
    result = await runSandboxed({
      cwd: root,
      command: invocation.command,
      args: invocation.args,
      timeoutMs: context.settings.testTimeoutMs,
      memoryMb: context.settings.testMemoryMb,
      env: { CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      readBack: [reportFile],
      allowUnsandboxed: context.settings.allowUnsandboxed ?? false,
    });
  } catch (error) {
    if (!(BatonError.isInstance(error) && error.code === 'SANDBOX_UNAVAILABLE')) throw error;
    return new Map(tests.map((test) => [test, { status: 'not-run', failure: error.message }]));
  }
  let outcomes: TestOutcome[] | undefined;
  if (invocation.reportFile) {
    const report = result.files[invocation.reportFile];
    try {
      outcomes = report === undefined ? undefined : readJsonOutcomes(report, root);
    } catch {
      outcomes = undefined;
    }
  } else if (invocation.format === 'tap') outcomes = readTapOutcomes(result.stdout);
  const verdicts = new Map<DeclaredTest, TestVerdict>();
  if (outcomes) {
    for (const test of tests) {
      const verdict = verdictOf(test, outcomes);
      // Paths relative to the project, as the tests check writes them, so a finding reads the same in any worktree.
      verdicts.set(test, { ...verdict, failure: portableFailure(verdict.failure, root) });
    }
    return verdicts;
  }
  // A command Baton cannot read test by test: exit 0 passes everything; otherwise failures in its text.
  const failures = result.exitCode === 0 ? [] : parseTextOutput(`${result.stdout}\n${result.stderr}`, root);
  for (const test of tests) {
    const failure = failures.find((failed) => failed.file === test.file && failed.name.endsWith(test.title));
    if (result.timedOut) verdicts.set(test, { status: 'not-run', failure: 'the test run timed out' });
    else if (failure)
      verdicts.set(test, { status: 'failed', failure: portableFailure(failure.failure, root) });
    else if (result.exitCode === 0)
      verdicts.set(test, { status: test.skipped ? 'skipped' : 'passed', failure: '' });
    else
      verdicts.set(test, {
        status: 'not-run',
        failure: `the test command failed (exit ${result.exitCode})`,
      });
  }
  return verdicts;
}
