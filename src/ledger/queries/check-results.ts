import type { LedgerStore } from '../ledger-store.js';

/** One check's outcome as a `check-end` event recorded it. */
export interface CheckResult {
  checkId: string;
  findings: number;
  durationMs: number;
  at: string;
  /** The attempt it ran for: the last `attempt-start` of its component before it, when there was one. */
  attemptNumber: number | undefined;
}

interface RecordedEvent {
  type: string;
  at: string;
  componentId?: string;
  attempt?: number;
  checkId?: string;
  findings?: number;
  durationMs?: number;
}

/**
 * Every check result of a run, keyed by the component id the events carry (a ledger id or a plan
 * key, whichever the writer used). `check-end` events name no attempt, so each is attributed to
 * the attempt its component had most recently started, in the ledger's write order.
 */
export async function loadCheckResults(
  ledger: LedgerStore,
  runId: string,
): Promise<Map<string, CheckResult[]>> {
  const rows = await ledger.db
    .selectFrom('events')
    .select(['payload'])
    .where('runId', '=', runId)
    .where('type', 'in', ['attempt-start', 'check-end'])
    .orderBy('sequence')
    .execute();
  const currentAttempt = new Map<string, number>();
  const results = new Map<string, CheckResult[]>();
  for (const row of rows) {
    const event = JSON.parse(row.payload) as RecordedEvent;
    const componentId = event.componentId;
    if (componentId === undefined) continue;
    if (event.type === 'attempt-start') {
      if (typeof event.attempt === 'number') currentAttempt.set(componentId, event.attempt);
      continue;
    }
    const list = results.get(componentId) ?? [];
    list.push({
      checkId: String(event.checkId),
      findings: Number(event.findings ?? 0),
      durationMs: Number(event.durationMs ?? 0),
      at: event.at,
      attemptNumber: currentAttempt.get(componentId),
    });
    results.set(componentId, list);
  }
  return results;
}

/**
 * The latest result of each check for one attempt, by check id. When no event of the component
 * named an attempt (a writer that emits no `attempt-start`), every result counts for every attempt.
 */
export function checkResultsForAttempt(
  results: readonly CheckResult[],
  attemptNumber: number,
): CheckResult[] {
  const attributed = results.some((result) => result.attemptNumber !== undefined);
  const latest = new Map<string, CheckResult>();
  for (const result of results) {
    if (attributed && (result.attemptNumber ?? 1) !== attemptNumber) continue;
    latest.set(result.checkId, result);
  }
  return [...latest.values()].sort((left, right) => left.checkId.localeCompare(right.checkId));
}
