import { BatonError } from '../../core/errors.js';
import type { ReviewDecisionEvent } from '../../core/events.js';
import { createId } from '../../core/ids.js';
import type { LedgerStore, LedgerWriter } from '../../ledger/ledger-store.js';
import { returnComponentToPending } from '../../ledger/queries/component-records.js';
import { runStatus, updateRun } from '../../ledger/queries/run-records.js';
import { type LedgerRow, policyReviewer, type ReviewDecision, type RunsTable } from '../../ledger/schema.js';
import type { RunStatus } from '../run-state.js';

export interface ReviewDecisionRecord {
  runId: string;
  component: Pick<LedgerRow<'components'>, 'id' | 'key'>;
  attemptId: string | null;
  decision: ReviewDecision;
  reviewer: string;
  reason?: string | undefined;
  /** The branch commit the decision was made on. */
  reviewedCommit?: string | undefined;
  /** For an edit: whether the checks passed again on the edited commit. */
  checksOutcome?: 'passed' | 'failed' | undefined;
  /** When the reviewer started on this component: the reviewing interval runs from here to `at`. */
  startedAt: string;
  at: string;
}

// A run that ended is reopened by a rejection: there is work again, and these statuses resume.
const finishedRunStatuses = new Set<string>(['succeeded', 'escalated', 'failed']);
const reopenedRunStatus: RunStatus = 'waiting-for-person';

/**
 * The rows and events of one decision, in the caller's transaction: the review row, its
 * `review-decision` event, and the reviewer's time as a `reviewing` activity interval (none for a
 * decision by policy, which took nobody's time). A rejection
 * also sets the component back to `pending` (statusReason `rejected in review: …`), so that
 * `baton run --resume` starts a new attempt whose prompt carries the reason.
 */
export async function writeReviewDecision(
  writer: LedgerWriter,
  record: ReviewDecisionRecord,
): Promise<string> {
  if (record.decision === 'reject' && !record.reason?.trim()) {
    throw new BatonError({
      code: 'REVIEW_REASON_REQUIRED',
      message: `Rejecting ${record.component.key} needs a reason: the next attempt's prompt is built from it.`,
      hint: 'Say what is wrong and what the code must do instead, for example "PUT must validate categories".',
    });
  }
  const id = createId('rev');
  await writer.insert('reviews', [
    {
      id,
      componentId: record.component.id,
      attemptId: record.attemptId,
      reviewer: record.reviewer,
      decision: record.decision,
      reason: record.reason ?? null,
      createdAt: record.at,
      reviewedCommit: record.reviewedCommit ?? null,
      checksOutcome: record.checksOutcome ?? null,
    },
  ]);
  const event: ReviewDecisionEvent = {
    type: 'review-decision',
    at: record.at,
    runId: record.runId,
    componentId: record.component.id,
    decision: record.decision,
    reviewer: record.reviewer,
    ...(record.reason ? { reason: record.reason } : {}),
  };
  if (record.reviewer === policyReviewer) await writer.appendEvents([event]);
  else await writeReviewingTime(writer, record, event);
  if (record.decision === 'reject') {
    await returnComponentToPending(
      writer,
      record.component.id,
      `rejected in review by ${record.reviewer}: ${record.reason ?? ''}`.trim(),
      record.at,
    );
    const status = await runStatus(writer, record.runId);
    if (status !== undefined && finishedRunStatuses.has(status)) {
      const change: Partial<RunsTable> = { status: reopenedRunStatus };
      await updateRun(writer, record.runId, change);
    }
  }
  return id;
}

/** The reviewer's time on the component as a `reviewing` interval, with its events. */
async function writeReviewingTime(
  writer: LedgerWriter,
  record: ReviewDecisionRecord,
  event: ReviewDecisionEvent,
): Promise<void> {
  // A clock that stepped back must not make an interval end before it starts.
  const [startedAt = record.at] = [record.startedAt, record.at].sort();
  await writer.insert('activityIntervals', [
    {
      id: createId('act'),
      person: record.reviewer,
      activity: 'reviewing',
      componentId: record.component.id,
      runId: record.runId,
      startedAt,
      endedAt: record.at,
      source: 'recorded',
    },
  ]);
  await writer.appendEvents([
    event,
    {
      type: 'activity',
      at: record.at,
      runId: record.runId,
      person: record.reviewer,
      activity: 'reviewing',
      componentId: record.component.id,
      startedAt,
      endedAt: record.at,
    },
  ]);
}

/** Records one decision in its own transaction; returns the review's id. */
export function recordReviewDecision(ledger: LedgerStore, record: ReviewDecisionRecord): Promise<string> {
  return ledger.transaction((writer) => writeReviewDecision(writer, record));
}
