import type { LedgerStore } from '../../ledger/ledger-store.js';
import { runAttempts } from '../../ledger/queries/attempt-records.js';
import {
  type CheckResult,
  checkResultsForAttempt,
  loadCheckResults,
} from '../../ledger/queries/check-results.js';
import { findingsOfAttempts } from '../../ledger/queries/findings.js';
import { runMerges } from '../../ledger/queries/merges.js';
import { reviewsOfComponents } from '../../ledger/queries/review-decisions.js';
import type { LedgerRow } from '../../ledger/schema.js';
import type { AttemptEvidence } from '../run-state.js';
import type { ReviewRun } from './review-run.js';

/**
 * Where a component stands at the gate. `awaiting-review`: done, every check passed, no decision
 * yet (or the checks passed again after an edit); `checks-failed`: a reviewer's edit broke a check;
 * `not-ready`: not done (running, escalated, rejected and waiting for a new attempt).
 */
export type ReviewState =
  | 'not-ready'
  | 'awaiting-review'
  | 'checks-failed'
  | 'accepted'
  | 'rejected'
  | 'merged';

/** One check's outcome as review shows it. */
export interface ReviewCheck {
  checkId: string;
  status: 'passed' | 'failed' | 'error';
  findings: number;
  durationMs: number;
}

export interface ReviewItem {
  component: LedgerRow<'components'>;
  /** The attempt under review: the one whose evidence made the component done. */
  attempt: LedgerRow<'attempts'> | undefined;
  /** Triage said `orchestrate+verify`: only a person's explicit accept lets it merge. */
  mandatory: boolean;
  state: ReviewState;
  /** Why the state is what it is, in words. */
  stateReason: string;
  /** The attempt's findings, or those of the checks re-run after the last edit. */
  findings: LedgerRow<'findings'>[];
  checks: ReviewCheck[];
  /** Every review row of the component, oldest first. */
  reviews: LedgerRow<'reviews'>[];
  /** The last accept, reject or edit of the attempt under review. */
  lastDecision: LedgerRow<'reviews'> | undefined;
  merge: LedgerRow<'merges'> | undefined;
  /** Keys of the components this one depends on. */
  dependsOn: string[];
  /** The checks the run required of the component and could run (from its evidence), if recorded. */
  requiredChecks: string[] | undefined;
}

const reviewableStatuses = new Set(['done', 'waiting-for-person']);

function parseEvidence(text: string | null | undefined): AttemptEvidence | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as AttemptEvidence;
  } catch {
    return undefined;
  }
}

function fromEvidence(evidence: AttemptEvidence): ReviewCheck[] {
  return evidence.checks
    .map((check) => ({
      checkId: check.checkId,
      status: check.status,
      findings: check.findings,
      durationMs: check.durationMs,
    }))
    .sort((left, right) => left.checkId.localeCompare(right.checkId));
}

function fromEvents(results: readonly CheckResult[], passed: boolean): ReviewCheck[] {
  return results.map((result) => ({
    checkId: result.checkId,
    status: passed ? 'passed' : result.findings > 0 ? 'failed' : 'passed',
    findings: result.findings,
    durationMs: result.durationMs,
  }));
}

/** The attempt a done component was judged on: its evidence attempt, else its last passed one. */
function attemptUnderReview(
  component: LedgerRow<'components'>,
  attempts: readonly LedgerRow<'attempts'>[],
): LedgerRow<'attempts'> | undefined {
  const own = attempts.filter((attempt) => attempt.componentId === component.id);
  const evidence = own.find((attempt) => attempt.id === component.evidenceAttemptId);
  if (evidence) return evidence;
  return own
    .filter((attempt) => attempt.status === 'passed')
    .sort((left, right) => left.number - right.number)
    .at(-1);
}

function judge(item: Omit<ReviewItem, 'state' | 'stateReason'>): Pick<ReviewItem, 'state' | 'stateReason'> {
  const { component, attempt, lastDecision, merge } = item;
  if (merge)
    return {
      state: 'merged',
      stateReason: `merged into ${merge.baseBranch} as ${merge.mergeCommit.slice(0, 12)}`,
    };
  if (lastDecision?.decision === 'reject') {
    return {
      state: 'rejected',
      stateReason: `rejected by ${lastDecision.reviewer}: ${lastDecision.reason ?? ''}; \`baton run --resume\` starts a new attempt`,
    };
  }
  if (!reviewableStatuses.has(component.status) || !attempt || attempt.status !== 'passed') {
    const why = component.statusReason ? `: ${component.statusReason}` : '';
    return { state: 'not-ready', stateReason: `${component.status}${why}` };
  }
  if (lastDecision?.decision === 'accept')
    return { state: 'accepted', stateReason: `accepted by ${lastDecision.reviewer}` };
  if (lastDecision?.decision === 'edit') {
    return lastDecision.checksOutcome === 'passed'
      ? {
          state: 'awaiting-review',
          stateReason: `edited by ${lastDecision.reviewer}; the checks passed again`,
        }
      : {
          state: 'checks-failed',
          stateReason: `edited by ${lastDecision.reviewer}; the checks did not pass after the edit`,
        };
  }
  return { state: 'awaiting-review', stateReason: 'every check passed; waiting for a decision' };
}

/** Every component of the run with its attempt under review, findings, checks, reviews and state. */
export async function loadReviewItems(ledger: LedgerStore, reviewRun: ReviewRun): Promise<ReviewItem[]> {
  const runId = reviewRun.run.id;
  const componentIds = reviewRun.components.map((component) => component.id);
  if (componentIds.length === 0) return [];
  const [attempts, reviews, merges, checkResults] = await Promise.all([
    runAttempts(ledger, runId),
    reviewsOfComponents(ledger, componentIds),
    runMerges(ledger, runId),
    loadCheckResults(ledger, runId),
  ]);
  const findings = await findingsOfAttempts(
    ledger,
    attempts.map((attempt) => attempt.id),
  );

  return reviewRun.components.map((component) => {
    const attempt = attemptUnderReview(component, attempts);
    const own = reviews.filter((review) => review.componentId === component.id);
    const lastDecision = attempt
      ? own.filter((review) => review.attemptId === attempt.id && review.decision !== 'annotate').at(-1)
      : undefined;
    const lastEdit = attempt
      ? own.filter((review) => review.attemptId === attempt.id && review.decision === 'edit').at(-1)
      : undefined;
    // After an edit the checks ran again: their findings, written with the edit, are the current ones.
    const attemptFindings = findings.filter(
      (finding) =>
        attempt && finding.attemptId === attempt.id && (!lastEdit || finding.createdAt >= lastEdit.createdAt),
    );
    const events = [
      ...(checkResults.get(component.id) ?? []),
      ...(checkResults.get(component.key) ?? []),
    ].sort((left, right) => left.at.localeCompare(right.at));
    const evidence = parseEvidence(attempt?.evidence);
    const afterEdit = lastEdit ? events.filter((result) => result.at >= lastEdit.createdAt) : [];
    const checks =
      afterEdit.length > 0
        ? fromEvents(
            checkResultsForAttempt(afterEdit, attempt?.number ?? 1),
            lastEdit?.checksOutcome === 'passed',
          )
        : evidence
          ? fromEvidence(evidence)
          : fromEvents(checkResultsForAttempt(events, attempt?.number ?? 1), attempt?.status === 'passed');
    const base = {
      component,
      attempt,
      mandatory: component.triage === 'orchestrate+verify',
      findings: attemptFindings,
      checks,
      reviews: own,
      lastDecision,
      merge: merges.find(
        (merge) => merge.componentId === component.id && merge.attemptId === (attempt?.id ?? null),
      ),
      dependsOn: reviewRun.dependencies.get(component.key) ?? [],
      requiredChecks: evidence?.requiredChecks.filter((check) => !evidence.unavailableChecks.includes(check)),
    };
    return { ...base, ...judge(base) };
  });
}
