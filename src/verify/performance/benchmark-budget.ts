import type { BenchmarkBudget } from '../../core/config/benchmark-settings.js';
import { BatonError } from '../../core/errors.js';
import { createProjectCopy, type ProjectCopy, runSandboxed } from '../../workspace/sandbox.js';
import type { CheckContext } from '../check.js';
import { type EnvironmentCause, findEnvironmentCause } from '../environment-causes.js';
import { type Finding, lineRange } from '../finding.js';
import { sandboxUnavailableFinding, unprotectedFinding } from '../sandbox-findings.js';
import { performanceRules } from './performance-problem.js';

/** What one budget measured: medians in milliseconds and their ratio. */
export interface BenchmarkMeasurement {
  name: string;
  commandMs: number;
  baselineMs: number;
  ratio: number;
  budgetRatio: number;
  /** Whether the times came from `baton-benchmark-ms:` lines rather than wall time. */
  selfTimed: boolean;
}

const reportedTime = /^baton-benchmark-ms:\s*(\d+(?:\.\d+)?)\s*$/gm;

/** The time a benchmark run took: the last `baton-benchmark-ms:` line it printed, else its wall time. */
export function readBenchmarkTime(stdout: string, wallMs: number): { ms: number; selfTimed: boolean } {
  const reported = [...stdout.matchAll(reportedTime)].at(-1)?.[1];
  return reported === undefined
    ? { ms: wallMs, selfTimed: false }
    : { ms: Number(reported), selfTimed: true };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

class BenchmarkRunFailed extends Error {
  constructor(
    message: string,
    /** Set when the command could not start for a reason of the machine's, not the code's. */
    readonly environment: EnvironmentCause | undefined = undefined,
  ) {
    super(message);
  }
}

/** Where the benchmarks of one run execute: one throwaway copy of the project for every round. */
export interface BenchmarkSandbox {
  copy: ProjectCopy | undefined;
  allowUnsandboxed: boolean;
  /** Protections the runs went without, for the report. */
  degraded: Set<string>;
}

async function timeOnce(
  context: CheckContext,
  budget: BenchmarkBudget,
  command: string,
  sandbox: BenchmarkSandbox,
) {
  const result = await runSandboxed({
    cwd: context.project.root,
    command: 'sh',
    args: ['-c', command],
    timeoutMs: budget.timeoutMs,
    memoryMb: context.settings.testMemoryMb,
    env: { CI: '1', NO_COLOR: '1', NODE_ENV: 'production' },
    ...(sandbox.copy ? { projectCopy: sandbox.copy } : {}),
    allowUnsandboxed: sandbox.allowUnsandboxed,
  });
  for (const note of result.degraded) sandbox.degraded.add(note);
  if (result.timedOut)
    throw new BenchmarkRunFailed(`\`${command}\` did not finish within ${budget.timeoutMs} ms.`);
  if (result.exitCode !== 0) {
    const output = `${result.stdout}\n${result.stderr}`;
    throw new BenchmarkRunFailed(
      `\`${command}\` failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim().split('\n').slice(-5).join('\n')}`,
      findEnvironmentCause(output, result.exitCode, { moduleFormat: true }),
    );
  }
  return readBenchmarkTime(result.stdout, result.durationMs);
}

/**
 * Times a budget's command against its baseline in alternating rounds after a warm-up of each, so
 * that both see the same machine load, and compares the medians.
 */
export async function measureBudget(
  context: CheckContext,
  budget: BenchmarkBudget,
  sandbox: BenchmarkSandbox,
): Promise<BenchmarkMeasurement> {
  await timeOnce(context, budget, budget.baseline, sandbox);
  await timeOnce(context, budget, budget.command, sandbox);
  const commandTimes: number[] = [];
  const baselineTimes: number[] = [];
  let selfTimed = true;
  for (let round = 0; round < budget.runs && !context.signal.aborted; round += 1) {
    const baseline = await timeOnce(context, budget, budget.baseline, sandbox);
    const command = await timeOnce(context, budget, budget.command, sandbox);
    baselineTimes.push(baseline.ms);
    commandTimes.push(command.ms);
    selfTimed &&= baseline.selfTimed && command.selfTimed;
  }
  const commandMs = median(commandTimes);
  const baselineMs = median(baselineTimes);
  return {
    name: budget.name,
    commandMs,
    baselineMs,
    // A baseline too fast to time is taken as 0.01 ms, so the ratio stays finite.
    ratio: commandMs / Math.max(baselineMs, 0.01),
    budgetRatio: budget.budgetRatio,
    selfTimed,
  };
}

const formatMs = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

/**
 * Runs every budget in the sandbox, on one throwaway copy of the project, and reports those the
 * command exceeds, or could not be measured.
 */
export async function runBenchmarkBudgets(
  context: CheckContext,
  budgets: readonly BenchmarkBudget[],
): Promise<Finding[]> {
  if (budgets.length === 0) return [];
  const sandbox: BenchmarkSandbox = {
    copy: await createProjectCopy(context.project.root),
    allowUnsandboxed: context.settings.allowUnsandboxed ?? false,
    degraded: new Set(),
  };
  try {
    const findings = await measureEach(context, budgets, sandbox);
    const unprotected = unprotectedFinding('performance', [...sandbox.degraded]);
    return unprotected ? [unprotected, ...findings] : findings;
  } catch (error) {
    if (BatonError.isInstance(error) && error.code === 'SANDBOX_UNAVAILABLE')
      return [sandboxUnavailableFinding('performance', error)];
    throw error;
  } finally {
    await sandbox.copy?.remove();
  }
}

async function measureEach(
  context: CheckContext,
  budgets: readonly BenchmarkBudget[],
  sandbox: BenchmarkSandbox,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const budget of budgets) {
    try {
      const measured = await measureBudget(context, budget, sandbox);
      if (measured.ratio <= budget.budgetRatio) continue;
      findings.push({
        checkId: 'performance',
        ruleId: performanceRules.overBudget,
        severity: 'error',
        file: '.',
        range: lineRange(1),
        message: `Benchmark "${budget.name}" takes ${formatMs(measured.commandMs)} against the baseline's ${formatMs(measured.baselineMs)} (median of ${budget.runs}${measured.selfTimed ? ', as the benchmark timed itself' : ', wall time'}): ${measured.ratio.toFixed(2)} x, over its budget of ${budget.budgetRatio} x.`,
        hint: 'Profile the benchmark (node --cpu-prof) and look for the smells the performance check names; raise budgetRatio only if the slower code is worth it.',
        cwe: 'CWE-407',
      });
    } catch (error) {
      if (!(error instanceof BenchmarkRunFailed)) throw error;
      if (error.environment) {
        findings.push({
          checkId: 'performance',
          ruleId: 'performance/could-not-run',
          severity: 'note',
          file: '.',
          range: lineRange(1),
          message: `Benchmark "${budget.name}" could not run: ${error.environment.reason}. This says nothing of the code's speed. ${error.message}`,
          hint: error.environment.hint,
        });
        continue;
      }
      findings.push({
        checkId: 'performance',
        ruleId: performanceRules.benchmarkFailed,
        severity: 'error',
        file: '.',
        range: lineRange(1),
        message: `Benchmark "${budget.name}" could not be measured: ${error.message}`,
        hint: 'Run the command and its baseline yourself in the project root; both must exit 0.',
      });
    }
  }
  return findings;
}
