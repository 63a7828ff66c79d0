import type { BatonEvent } from '../core/events.js';
import type { LedgerStore, LedgerWriter } from '../ledger/ledger-store.js';
import { componentAttempts } from '../ledger/queries/attempt-records.js';
import { planComponents } from '../ledger/queries/component-records.js';
import { runSpend } from '../ledger/queries/recorded-calls.js';
import {
  findRun,
  latestRunWithStatus as latestRunWithStatusIn,
  updateRun as updateRunRow,
} from '../ledger/queries/run-records.js';
import type { LedgerRow } from '../ledger/schema.js';
import type { ChatMessage } from '../providers/provider.js';
import type { AttemptEvidence, RunOptionsRecord, RunStatus } from './run-state.js';

// The engine's reads and writes of run state; every write of one step goes in one transaction.
// The queries themselves live in the ledger (src/ledger/queries); these add the engine's types.

export { evidenceCommits, updateComponent } from '../ledger/queries/component-records.js';
export { attemptFindings } from '../ledger/queries/findings.js';
export {
  hasEdits,
  type RecordedCall,
  recordedCall,
  runSpend,
  type Spend,
  storedResponse,
} from '../ledger/queries/recorded-calls.js';

/** The messages an attempt sent, stored on its row so a resume continues the same conversation. */
export interface StoredConversation {
  system: string | undefined;
  messages: ChatMessage[];
}

export interface AttemptRow extends LedgerRow<'attempts'> {
  parsedConversation: StoredConversation | undefined;
  parsedEvidence: AttemptEvidence | undefined;
}

function parseJson<Value>(text: string | null | undefined): Value | undefined {
  if (text === null || text === undefined) return undefined;
  return JSON.parse(text) as Value;
}

export async function loadRun(ledger: LedgerStore, runId: string): Promise<LedgerRow<'runs'> | undefined> {
  return findRun(ledger, runId);
}

/** The newest run whose status is one of `statuses`. */
export async function latestRunWithStatus(
  ledger: LedgerStore,
  statuses: readonly RunStatus[],
): Promise<LedgerRow<'runs'> | undefined> {
  return latestRunWithStatusIn(ledger, statuses);
}

export function runOptionsOf(run: LedgerRow<'runs'>): RunOptionsRecord {
  return JSON.parse(run.options) as RunOptionsRecord;
}

export async function loadComponents(
  ledger: LedgerStore,
  planId: string,
): Promise<LedgerRow<'components'>[]> {
  return planComponents(ledger, planId);
}

export async function loadAttempts(
  ledger: LedgerStore,
  runId: string,
  componentRowId: string,
): Promise<AttemptRow[]> {
  const rows = await componentAttempts(ledger, runId, componentRowId);
  return rows.map((row) => ({
    ...row,
    parsedConversation: parseJson<StoredConversation>(row.conversation),
    parsedEvidence: parseJson<AttemptEvidence>(row.evidence),
  }));
}

/** What the run's provider calls have cost so far, in US dollars (unknown prices count as 0). */
export async function runCostUsd(ledger: LedgerStore, runId: string): Promise<number> {
  return (await runSpend(ledger, runId)).usd;
}

export async function updateRun(
  writer: LedgerWriter,
  runId: string,
  change: { status: RunStatus; endedAt?: string | null; budgetUsd?: number | null },
): Promise<void> {
  await updateRunRow(writer, runId, change);
}

/** Runs one step's writes and its events in one transaction. */
export async function recordStep(
  ledger: LedgerStore,
  events: readonly BatonEvent[],
  work: (writer: LedgerWriter) => Promise<void> = async () => {},
): Promise<void> {
  await ledger.transaction(async (writer) => {
    await work(writer);
    if (events.length > 0) await writer.appendEvents(events);
  });
}
