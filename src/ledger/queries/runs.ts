import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

export interface RunSummary {
  id: string;
  feature: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  components: number;
  done: number;
  attempts: number;
  findings: number;
  /** US dollars of the run's priced calls. */
  costUsd: number;
  /** Calls with no price: the run's true cost is unknown while this is above 0. */
  unpricedCalls: number;
  calls: number;
}

export interface ComponentSummary extends LedgerRow<'components'> {
  attempts: {
    id: string;
    number: number;
    status: string;
    startedAt: string;
    endedAt: string | null;
    findings: number;
  }[];
  lastReview: { decision: string; reviewer: string; reason: string | null } | undefined;
}

export interface RunDetail {
  run: RunSummary;
  components: ComponentSummary[];
}

export interface AttemptDetail {
  attempt: LedgerRow<'attempts'>;
  component: LedgerRow<'components'>;
  prompts: LedgerRow<'prompts'>[];
  responses: LedgerRow<'responses'>[];
  edits: LedgerRow<'edits'>[];
  findings: LedgerRow<'findings'>[];
  reviews: LedgerRow<'reviews'>[];
  costs: LedgerRow<'costs'>[];
}

// Databases add floating-point costs in their own order; rounding makes both stores agree.
const roundToNanoDollars = (usd: number) => Math.round(usd * 1e9) / 1e9;

/** Runs, newest first (or the one asked for), with their progress counted. */
export async function listRuns(
  ledger: LedgerStore,
  { limit = 100, runId }: { limit?: number; runId?: string } = {},
): Promise<RunSummary[]> {
  const { db } = ledger;
  let query = db
    .selectFrom('runs')
    .innerJoin('plans', 'plans.id', 'runs.planId')
    .select(['runs.id', 'plans.feature', 'runs.status', 'runs.startedAt', 'runs.endedAt', 'runs.planId']);
  if (runId) query = query.where('runs.id', '=', runId);
  const runs = await query.orderBy('runs.startedAt', 'desc').limit(limit).execute();
  if (runs.length === 0) return [];
  const runIds = runs.map((run) => run.id);
  const planIds = [...new Set(runs.map((run) => run.planId))];
  const [components, attempts, findings, costs] = await Promise.all([
    db
      .selectFrom('components')
      .select(['planId', 'status', (builder) => builder.fn.countAll<number>().as('count')])
      .where('planId', 'in', planIds)
      .groupBy(['planId', 'status'])
      .execute(),
    db
      .selectFrom('attempts')
      .select(['runId', (builder) => builder.fn.countAll<number>().as('count')])
      .where('runId', 'in', runIds)
      .groupBy('runId')
      .execute(),
    db
      .selectFrom('findings')
      .select(['runId', (builder) => builder.fn.countAll<number>().as('count')])
      .where('runId', 'in', runIds)
      .groupBy('runId')
      .execute(),
    db
      .selectFrom('costs')
      .select([
        'runId',
        (builder) => builder.fn.sum<number>('usd').as('usd'),
        (builder) => builder.fn.countAll<number>().as('calls'),
        (builder) => builder.fn.count<number>('usd').as('priced'),
      ])
      .where('runId', 'in', runIds)
      .groupBy('runId')
      .execute(),
  ]);
  return runs.map((run) => {
    const planComponents = components.filter((row) => row.planId === run.planId);
    return {
      id: run.id,
      feature: run.feature,
      status: run.status,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      components: planComponents.reduce((sum, row) => sum + Number(row.count), 0),
      done: planComponents
        .filter((row) => row.status === 'done')
        .reduce((sum, row) => sum + Number(row.count), 0),
      attempts: Number(attempts.find((row) => row.runId === run.id)?.count ?? 0),
      findings: Number(findings.find((row) => row.runId === run.id)?.count ?? 0),
      costUsd: roundToNanoDollars(Number(costs.find((row) => row.runId === run.id)?.usd ?? 0)),
      calls: Number(costs.find((row) => row.runId === run.id)?.calls ?? 0),
      unpricedCalls:
        Number(costs.find((row) => row.runId === run.id)?.calls ?? 0) -
        Number(costs.find((row) => row.runId === run.id)?.priced ?? 0),
    };
  });
}

/** One run with each component's attempts, their finding counts and the latest review. */
export async function getRunDetail(ledger: LedgerStore, runId: string): Promise<RunDetail | undefined> {
  const { db } = ledger;
  const [run] = await listRuns(ledger, { runId });
  if (!run) return undefined;
  const planId = (
    await db.selectFrom('runs').select('planId').where('id', '=', runId).executeTakeFirstOrThrow()
  ).planId;
  const [components, attempts, findingCounts, reviews] = await Promise.all([
    db.selectFrom('components').selectAll().where('planId', '=', planId).orderBy('id').execute(),
    db.selectFrom('attempts').selectAll().where('runId', '=', runId).orderBy('number').execute(),
    db
      .selectFrom('findings')
      .select(['attemptId', (builder) => builder.fn.countAll<number>().as('count')])
      .where('runId', '=', runId)
      .groupBy('attemptId')
      .execute(),
    db
      .selectFrom('reviews')
      .innerJoin('components', 'components.id', 'reviews.componentId')
      .selectAll('reviews')
      .where('components.planId', '=', planId)
      .orderBy('reviews.createdAt')
      .execute(),
  ]);
  return {
    run,
    components: components.map((component) => ({
      ...component,
      attempts: attempts
        .filter((attempt) => attempt.componentId === component.id)
        .map((attempt) => ({
          id: attempt.id,
          number: attempt.number,
          status: attempt.status,
          startedAt: attempt.startedAt,
          endedAt: attempt.endedAt,
          findings: Number(findingCounts.find((row) => row.attemptId === attempt.id)?.count ?? 0),
        })),
      lastReview: reviews.filter((review) => review.componentId === component.id).at(-1),
    })),
  };
}

/** Everything recorded about one attempt: prompt, responses, edits, findings, reviews and costs. */
export async function getAttemptDetail(
  ledger: LedgerStore,
  attemptId: string,
): Promise<AttemptDetail | undefined> {
  const { db } = ledger;
  const attempt = await db.selectFrom('attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  if (!attempt) return undefined;
  const [component, prompts, responses, edits, findings, reviews, costs] = await Promise.all([
    db.selectFrom('components').selectAll().where('id', '=', attempt.componentId).executeTakeFirstOrThrow(),
    db.selectFrom('prompts').selectAll().where('attemptId', '=', attemptId).orderBy('id').execute(),
    db.selectFrom('responses').selectAll().where('attemptId', '=', attemptId).orderBy('id').execute(),
    db.selectFrom('edits').selectAll().where('attemptId', '=', attemptId).orderBy('id').execute(),
    db.selectFrom('findings').selectAll().where('attemptId', '=', attemptId).orderBy('id').execute(),
    db.selectFrom('reviews').selectAll().where('attemptId', '=', attemptId).orderBy('id').execute(),
    db.selectFrom('costs').selectAll().where('attemptId', '=', attemptId).orderBy('id').execute(),
  ]);
  return { attempt, component, prompts, responses, edits, findings, reviews, costs };
}
