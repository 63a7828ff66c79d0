import { BatonError } from '../../core/errors.js';
import { closestMatch } from '../../core/suggest.js';
import type { LedgerStore } from '../../ledger/ledger-store.js';
import { planComponentsInRecordedOrder } from '../../ledger/queries/component-records.js';
import { dependencyOrder, planDependencies } from '../../ledger/queries/plan-dependencies.js';
import { planOfRun } from '../../ledger/queries/plan-records.js';
import { findRun, newestRun, runIdsNewestFirst } from '../../ledger/queries/run-records.js';
import type { LedgerRow } from '../../ledger/schema.js';

/** A run as review and merge see it: its plan, and its components in dependency order. */
export interface ReviewRun {
  run: LedgerRow<'runs'>;
  plan: LedgerRow<'plans'>;
  components: LedgerRow<'components'>[];
  /** Each component key with the keys it depends on, from the stored plan. */
  dependencies: Map<string, string[]>;
}

/** The run asked for, or the newest run when none is named. */
export async function findReviewRun(ledger: LedgerStore, runId?: string): Promise<ReviewRun> {
  const run = runId ? await findRun(ledger, runId) : await newestRun(ledger);
  if (!run) {
    const known = await runIdsNewestFirst(ledger);
    const suggestion = runId ? closestMatch(runId, known) : undefined;
    throw new BatonError({
      code: 'REVIEW_RUN_NOT_FOUND',
      message: runId
        ? `No run "${runId}" in the ledger at ${ledger.location}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`
        : `The ledger at ${ledger.location} has no runs to review.`,
      hint:
        known.length > 0
          ? `Recent runs: ${known.slice(0, 5).join(', ')}.`
          : 'Start one with `baton run <plan>`; its finished components come here for review.',
    });
  }
  const plan = await planOfRun(ledger, run.planId);
  const dependencies = planDependencies(plan.document);
  const rows = await planComponentsInRecordedOrder(ledger, plan.id);
  // The plan's own order first, so that ties in the dependency order read as the plan does.
  const planOrder = [...dependencies.keys()];
  const keys = [
    ...planOrder.filter((key) => rows.some((row) => row.key === key)),
    ...rows.map((row) => row.key).filter((key) => !dependencies.has(key)),
  ];
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const components = dependencyOrder(keys, dependencies).flatMap((key) => byKey.get(key) ?? []);
  return { run, plan, components, dependencies };
}
