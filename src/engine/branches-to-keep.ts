import type { LedgerStore } from '../ledger/ledger-store.js';
import { attemptsWithBranches } from '../ledger/queries/attempt-records.js';
import { componentEvidenceStates } from '../ledger/queries/component-records.js';
import { mergedComponents } from '../ledger/queries/merges.js';
import { runStatuses } from '../ledger/queries/run-records.js';
import { runCanBeResumed } from './run-state.js';

/** Why `baton gc` must leave a `baton/…` branch (and, for a person's work, its worktree) alone. */
export interface KeptBranch {
  reason: string;
  /** The folder holds work not committed yet: a person writing a write-directly component. */
  keepWorktree: boolean;
}

/**
 * The attempt branches the ledger still needs, by branch name: a done component's evidence branch
 * until it is merged (review and merge read it), every committed attempt of a run a resume can
 * continue (the next attempt starts from it), and the worktree of a component waiting for a person.
 * What is not here — merged, superseded or unfinished attempts, and runs the ledger does not know —
 * `baton gc` may remove.
 */
export async function branchesToKeep(ledger: LedgerStore): Promise<Map<string, KeptBranch>> {
  const [runs, components, attempts, merges] = await Promise.all([
    runStatuses(ledger),
    componentEvidenceStates(ledger),
    attemptsWithBranches(ledger),
    mergedComponents(ledger),
  ]);
  const runStatus = new Map(runs.map((run) => [run.id, run.status]));
  const componentById = new Map(components.map((component) => [component.id, component]));
  const merged = new Set(merges.map((merge) => `${merge.runId}\u0000${merge.componentId}`));
  const kept = new Map<string, KeptBranch>();
  for (const attempt of attempts) {
    const status = runStatus.get(attempt.runId);
    const component = componentById.get(attempt.componentId);
    if (!attempt.branch || !status || !component) continue;
    const resumable = runCanBeResumed(status);
    if (component.status === 'waiting-for-person' && attempt.status === 'running') {
      kept.set(attempt.branch, { reason: 'a person is writing this component', keepWorktree: true });
    } else if (component.status === 'done' && component.evidenceAttemptId === attempt.id) {
      if (!merged.has(`${attempt.runId}\u0000${attempt.componentId}`))
        kept.set(attempt.branch, { reason: 'done, awaiting review or merge', keepWorktree: false });
    } else if (resumable && attempt.commitSha) {
      kept.set(attempt.branch, {
        reason: `run ${attempt.runId} can be resumed from it`,
        keepWorktree: false,
      });
    }
  }
  return kept;
}
