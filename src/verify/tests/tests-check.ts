import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSandboxed, type SandboxResult } from '../../workspace/sandbox.js';
import type { Check, CheckContext } from '../check.js';
import { type Finding, lineRange } from '../finding.js';
import { toProjectPath } from '../project.js';
import { planTestRun, type TestInvocation } from './test-command.js';
import {
  type FailedTest,
  parseJsonReport,
  parseTap,
  parseTextOutput,
  portableFailure,
} from './test-results.js';

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function readFailures(
  invocation: TestInvocation,
  result: SandboxResult,
  root: string,
): FailedTest[] | undefined {
  if (invocation.format.endsWith('-json')) {
    if (!invocation.reportFile) return undefined;
    try {
      return parseJsonReport(readFileSync(invocation.reportFile, 'utf8'), root);
    } catch {
      return undefined;
    }
  }
  if (invocation.format === 'tap') return parseTap(result.stdout);
  return parseTextOutput(`${result.stdout}\n${result.stderr}`, root);
}

function runFinding(ruleId: string, message: string, hint: string): Finding {
  return { checkId: 'tests', ruleId, severity: 'error', file: '.', range: lineRange(1), message, hint };
}

/**
 * The functional test check: runs the project's test command (or only the given acceptance test
 * files) in the sandbox, with a time and memory limit and no network where the OS allows, and turns
 * each failing test into a finding at the test's file and line.
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
      const scratch = mkdtempSync(join(tmpdir(), 'baton-tests-'));
      try {
        const invocation = planTestRun(root, testCommand, testFiles, join(scratch, 'report.json'));
        const result = await runSandboxed({
          cwd: root,
          command: invocation.command,
          args: invocation.args,
          timeoutMs: testTimeoutMs,
          memoryMb: testMemoryMb,
          env: { CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
        });
        if (result.timedOut) {
          return [
            runFinding(
              'tests/timeout',
              `The tests did not finish within ${Math.round(testTimeoutMs / 1000)} s (${invocation.display}).`,
              'Look for a test that hangs (an open server, a missing await), or raise verify.testTimeoutMs.',
            ),
          ];
        }
        const failures = readFailures(invocation, result, root) ?? [];
        const findings: Finding[] = failures.map((test) => ({
          checkId: 'tests',
          ruleId: 'tests/failed',
          severity: 'error',
          file: toProjectPath(root, test.file),
          range: lineRange(test.line, test.column),
          message: `Test "${test.name}" failed: ${portableFailure(test.failure, root)}`,
          hint: 'Fix the code under test so that it meets the requirement the test states; change the test only if the requirement changed.',
        }));
        if (findings.length === 0 && result.exitCode !== 0) {
          findings.push(
            runFinding(
              'tests/command-failed',
              `The test command failed (exit ${result.exitCode ?? result.signal}) without a failing test Baton could point at: ${invocation.display}\n${tail(`${result.stdout}\n${result.stderr}`)}`,
              'Run the test command yourself to see the whole output; a test file may not load, or the command may be wrong (config key testCommand).',
            ),
          );
        }
        return findings;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
