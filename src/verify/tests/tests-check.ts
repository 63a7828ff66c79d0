import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Check, CheckContext } from '../check.js';
import type { EnvironmentCause } from '../environment-causes.js';
import { type Finding, lineRange } from '../finding.js';
import { toProjectPath } from '../project.js';
import { runProjectCode } from '../sandbox-findings.js';
import { planTestRun, type TestInvocation } from './test-command.js';
import { portableFailure } from './test-results.js';
import { readTestRun } from './test-run-outcome.js';

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function runFinding(ruleId: string, message: string, hint: string): Finding {
  return { checkId: 'tests', ruleId, severity: 'error', file: '.', range: lineRange(1), message, hint };
}

/** The tests never started: the machine lacks something, which is not a defect of the code under test. */
function couldNotRunFinding(
  invocation: TestInvocation,
  exit: number | string | null,
  output: string,
  cause: EnvironmentCause | undefined,
): Finding {
  const reason = cause?.reason ?? `the command exited (${exit}) before any test ran`;
  return {
    checkId: 'tests',
    ruleId: 'tests/could-not-run',
    // A recognised cause is surely the environment; an unknown one may still be the code's doing.
    severity: cause ? 'note' : 'warning',
    file: '.',
    range: lineRange(1),
    message: `The tests could not run: ${reason} (${invocation.display}). This is not a test failure.\n${tail(output)}`,
    hint:
      cause?.hint ??
      'Run the test command yourself to see why it stops before the tests (a missing tool, file or setup step), or fix testCommand in the config.',
  };
}

/**
 * The functional test check: runs the project's test command (or only the given acceptance test
 * files) in the sandbox, on a throwaway copy of the project with no network, and turns each failing
 * test into a finding at the test's file and line. A run that never got to its tests is reported as
 * such (`tests/could-not-run`), apart from tests that ran and failed.
 */
export function createTestsCheck(): Check {
  return {
    id: 'tests',
    description: "run the project's tests (or a component's acceptance tests) in the sandbox",
    scope: 'project',
    appliesTo: () => true,
    async run(context: CheckContext): Promise<Finding[]> {
      const { root } = context.project;
      const { testCommand, testFiles, testTimeoutMs, testMemoryMb } = context.settings;
      if (!testCommand) return [];
      // Written in the sandbox's copy of the project, and read back from it.
      const reportFile = join(root, `.baton-test-report-${randomUUID()}.json`);
      const invocation = planTestRun(root, testCommand, testFiles, reportFile);
      const run = await runProjectCode(context, 'tests', {
        cwd: root,
        command: invocation.command,
        args: invocation.args,
        timeoutMs: testTimeoutMs,
        memoryMb: testMemoryMb,
        env: { CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
        readBack: [reportFile],
      });
      const { result } = run;
      if (!result) return run.findings;
      const findings = [...run.findings];
      const output = `${result.stdout}\n${result.stderr}`;
      if (result.timedOut) {
        findings.push(
          runFinding(
            'tests/timeout',
            `The tests did not finish within ${Math.round(testTimeoutMs / 1000)} s (${invocation.display}).`,
            'Look for a test that hangs (an open server, a missing await), or raise verify.testTimeoutMs.',
          ),
        );
        return findings;
      }
      const outcome = readTestRun(invocation, result, root);
      if (outcome.kind === 'could-not-run') {
        findings.push(
          couldNotRunFinding(invocation, result.exitCode ?? result.signal, output, outcome.cause),
        );
        return findings;
      }
      for (const test of outcome.failures)
        findings.push({
          checkId: 'tests',
          ruleId: 'tests/failed',
          severity: 'error',
          file: toProjectPath(root, test.file),
          range: lineRange(test.line, test.column),
          message: `Test "${test.name}" failed: ${portableFailure(test.failure, root)}`,
          hint: 'Fix the code under test so that it meets the requirement the test states; change the test only if the requirement changed.',
        });
      if (outcome.failures.length === 0 && result.exitCode !== 0) {
        findings.push(
          runFinding(
            'tests/command-failed',
            `The test command failed (exit ${result.exitCode ?? result.signal}) without a failing test Baton could point at: ${invocation.display}\n${tail(output)}`,
            'Run the test command yourself to see the whole output; a test file may not load, or the command may be wrong (config key testCommand).',
          ),
        );
      }
      return findings;
    },
  };
}
