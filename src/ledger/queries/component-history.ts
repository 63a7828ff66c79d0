import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';
import { dependencyOrder, planDependencies } from './plan-dependencies.js';

/** One attempt with everything recorded for it, oldest first within each list. */
export interface AttemptHistory {
  attempt: LedgerRow<'attempts'>;
  prompts: LedgerRow<'prompts'>[];
  responses: LedgerRow<'responses'>[];
  costs: LedgerRow<'costs'>[];
  findings: LedgerRow<'findings'>[];
}

export interface ComponentHistory {
  component: LedgerRow<'components'>;
  attempts: AttemptHistory[];
  reviews: LedgerRow<'reviews'>[];
  merges: LedgerRow<'merges'>[];
}

export interface RunHistory {
  run: LedgerRow<'runs'>;
  plan: LedgerRow<'plans'>;
  /** In dependency order, ties in the plan's own order. */
  components: ComponentHistory[];
}

// Rows written in the same millisecond keep their write order through their time-ordered ids.
const byTimeThenId = <Row extends { id: string; createdAt: string }>(left: Row, right: Row) =>
  left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id);

/** Everything the ledger holds about one run's components, read in a fixed order. */
export async function loadRunHistory(ledger: LedgerStore, runId: string): Promise<RunHistory | undefined> {
  const { db } = ledger;
  const run = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) return undefined;
  const plan = await db
    .selectFrom('plans')
    .selectAll()
    .where('id', '=', run.planId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('components')
    .selectAll()
    .where('planId', '=', plan.id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const dependencies = planDependencies(plan.document);
  const keys = [
    ...[...dependencies.keys()].filter((key) => rows.some((row) => row.key === key)),
    ...rows.map((row) => row.key).filter((key) => !dependencies.has(key)),
  ];
  const components = dependencyOrder(keys, dependencies).flatMap((key) =>
    rows.filter((row) => row.key === key),
  );
  const attempts = await db
    .selectFrom('attempts')
    .selectAll()
    .where('runId', '=', runId)
    .orderBy('number')
    .orderBy('id')
    .execute();
  const attemptIds = attempts.map((attempt) => attempt.id);
  const componentIds = components.map((component) => component.id);
  const none = Promise.resolve([]);
  const [prompts, responses, costs, findings, reviews, merges] = await Promise.all([
    attemptIds.length
      ? db.selectFrom('prompts').selectAll().where('attemptId', 'in', attemptIds).execute()
      : none,
    attemptIds.length
      ? db.selectFrom('responses').selectAll().where('attemptId', 'in', attemptIds).execute()
      : none,
    attemptIds.length
      ? db.selectFrom('costs').selectAll().where('attemptId', 'in', attemptIds).execute()
      : none,
    attemptIds.length
      ? db.selectFrom('findings').selectAll().where('attemptId', 'in', attemptIds).execute()
      : none,
    componentIds.length
      ? db.selectFrom('reviews').selectAll().where('componentId', 'in', componentIds).execute()
      : none,
    db.selectFrom('merges').selectAll().where('runId', '=', runId).execute(),
  ]);
  const ofAttempt = <Row extends { attemptId: string | null; id: string; createdAt: string }>(
    rows: Row[],
    id: string,
  ) => rows.filter((row) => row.attemptId === id).sort(byTimeThenId);
  return {
    run,
    plan,
    components: components.map((component) => ({
      component,
      attempts: attempts
        .filter((attempt) => attempt.componentId === component.id)
        .map((attempt) => ({
          attempt,
          prompts: ofAttempt(prompts, attempt.id),
          responses: ofAttempt(responses, attempt.id),
          costs: ofAttempt(costs, attempt.id),
          findings: ofAttempt(findings, attempt.id).sort(
            (left, right) =>
              (left.file ?? '').localeCompare(right.file ?? '') ||
              (left.line ?? 0) - (right.line ?? 0) ||
              left.ruleId.localeCompare(right.ruleId) ||
              left.id.localeCompare(right.id),
          ),
        })),
      reviews: reviews.filter((review) => review.componentId === component.id).sort(byTimeThenId),
      merges: merges.filter((merge) => merge.componentId === component.id).sort(byTimeThenId),
    })),
  };
}
