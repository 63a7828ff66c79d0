import { BatonError } from '../core/errors.js';
import { runSandboxed, type SandboxOptions, type SandboxResult } from '../workspace/sandbox.js';
import type { CheckContext } from './check.js';
import { type Finding, lineRange } from './finding.js';

/** Rules about the sandbox itself: what the gate could not protect, not defects in the code. */
export const sandboxRules = {
  unavailable: 'sandbox/unavailable',
  unprotected: 'sandbox/unprotected',
} as const;

/** A run of the project's code: its result, or none when the sandbox refused to run it, and what to report about the sandbox. */
export interface ProjectCodeRun {
  result: SandboxResult | undefined;
  findings: Finding[];
}

/** Says that the project's code was not run because the file-system sandbox is missing. */
export function sandboxUnavailableFinding(checkId: string, error: BatonError): Finding {
  return {
    checkId,
    ruleId: sandboxRules.unavailable,
    severity: 'warning',
    file: '.',
    range: lineRange(1),
    message: `${error.message} The ${checkId} check has no result.`,
    hint: error.hint ?? 'Install bubblewrap, or pass --allow-unsandboxed.',
  };
}

/** Says which protections a run of the project's code went without. */
export function unprotectedFinding(checkId: string, degraded: readonly string[]): Finding | undefined {
  const distinct = [...new Set(degraded)];
  if (distinct.length === 0) return undefined;
  return {
    checkId,
    ruleId: sandboxRules.unprotected,
    severity: 'note',
    file: '.',
    range: lineRange(1),
    message: `The ${checkId} check ran the project's code with weaker protection than the sandbox's: ${distinct.join(' ')}`,
    hint: 'Install bubblewrap (apt-get install bubblewrap) so that the code runs on a throwaway copy with no network.',
  };
}

/**
 * Runs the project's code for a check in the sandbox, honouring `allowUnsandboxed`; a sandbox that
 * cannot be had becomes a `sandbox/unavailable` finding instead of an error of the check.
 */
export async function runProjectCode(
  context: CheckContext,
  checkId: string,
  options: Omit<SandboxOptions, 'allowUnsandboxed'>,
): Promise<ProjectCodeRun> {
  try {
    const result = await runSandboxed({
      ...options,
      allowUnsandboxed: context.settings.allowUnsandboxed ?? false,
    });
    const unprotected = unprotectedFinding(checkId, result.degraded);
    return { result, findings: unprotected ? [unprotected] : [] };
  } catch (error) {
    if (BatonError.isInstance(error) && error.code === 'SANDBOX_UNAVAILABLE')
      return { result: undefined, findings: [sandboxUnavailableFinding(checkId, error)] };
    throw error;
  }
}

/** Whether a finding is about the run's environment or protection rather than the code (missing generated code or dependencies included). */
export function isEnvironmentFinding(finding: Finding): boolean {
  return (
    finding.ruleId.startsWith('sandbox/') ||
    finding.ruleId.startsWith('environment/') ||
    finding.ruleId.endsWith('/could-not-run')
  );
}

/** A SARIF 2.1.0 invocation (§3.20) whose toolExecutionNotifications (§3.58) repeat the run-level ones. */
export interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: {
    level: 'error' | 'warning' | 'note';
    message: { text: string };
    descriptor: { id: string };
    associatedRule: { id: string };
  }[];
}

/**
 * The run's sandbox and could-not-run findings as SARIF tool execution notifications, so that a
 * consumer of the log sees that the code ran unprotected, or that part of the gate could not run.
 */
export function sarifInvocations(findings: readonly Finding[]): SarifInvocation[] {
  const notifications = findings.filter(isEnvironmentFinding).map((finding) => ({
    level: finding.severity,
    message: { text: finding.message },
    descriptor: { id: finding.ruleId },
    associatedRule: { id: finding.ruleId },
  }));
  return notifications.length === 0
    ? []
    : [{ executionSuccessful: true, toolExecutionNotifications: notifications }];
}
