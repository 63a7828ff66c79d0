import type { SampleRunRecord } from '../../ledger/index.js';
import { type FailOn, reachesThreshold, type Severity, severities } from '../../verify/index.js';
import type { AttemptEvidence } from '../run-state.js';
import { judgedAttemptStatuses } from '../run-state.js';
import type { ComponentOutcome } from '../schedule-components.js';

/** What one sample measured, as the experiment's sample row keeps it. */
export interface SampleMeasures {
  firstPass: boolean;
  /** Attempts the gate judged; for a passed sample, the attempts it took to pass. */
  attempts: number;
  escalated: boolean;
  /** Blocking findings over every attempt, by rule id. */
  blockingFindings: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpricedCalls: number;
  modelMs: number;
}

function blocks(severity: string, failOn: string): boolean {
  // An unknown severity or threshold blocks, as in the repair prompt: nothing is buried by accident.
  if (failOn === 'none') return false;
  if (!(severities as readonly string[]).includes(severity)) return true;
  if (!(severities as readonly string[]).includes(failOn)) return true;
  return reachesThreshold(severity as Severity, failOn as FailOn);
}

/** Reads a sample's measures off its run's attempts, findings and calls. */
export function measureSample(
  record: SampleRunRecord,
  outcome: ComponentOutcome,
  failOn: string,
): SampleMeasures {
  const judged = record.attempts.filter((attempt) =>
    (judgedAttemptStatuses as readonly string[]).includes(attempt.status),
  );
  const thresholds = new Map(
    record.attempts.map((attempt) => {
      const evidence = attempt.evidence ? (JSON.parse(attempt.evidence) as AttemptEvidence) : undefined;
      return [attempt.id, evidence?.failOn ?? failOn];
    }),
  );
  const blockingFindings: Record<string, number> = {};
  for (const finding of record.findings) {
    if (!finding.attemptId || !thresholds.has(finding.attemptId)) continue;
    if (!blocks(finding.severity, thresholds.get(finding.attemptId) ?? failOn)) continue;
    blockingFindings[finding.ruleId] = (blockingFindings[finding.ruleId] ?? 0) + 1;
  }
  const passed = judged.find((attempt) => attempt.status === 'passed');
  return {
    firstPass: judged[0]?.number === 1 && judged[0]?.status === 'passed',
    attempts: passed ? passed.number : judged.length,
    escalated: outcome === 'escalated',
    blockingFindings,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    costUsd: record.usd,
    unpricedCalls: record.unpricedCalls,
    modelMs: record.modelMs,
  };
}
