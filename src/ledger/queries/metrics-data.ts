import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

export interface MetricsFilter {
  /** Only components of plans with this feature name, and what belongs to them. */
  feature?: string;
  /** ISO-8601 time: only what started or was created at or after it. */
  since?: string;
}

export type ComponentWithFeature = LedgerRow<'components'> & { feature: string };

/** Everything the metrics read, fetched once per report. */
export interface MetricsData {
  components: ComponentWithFeature[];
  attempts: LedgerRow<'attempts'>[];
  findings: LedgerRow<'findings'>[];
  reviews: LedgerRow<'reviews'>[];
  costs: LedgerRow<'costs'>[];
  intervals: LedgerRow<'activityIntervals'>[];
  defects: LedgerRow<'defects'>[];
  /** Files each attempt's applied edits touched: what a component owns, for counting its defects. */
  edits: Pick<LedgerRow<'edits'>, 'attemptId' | 'path'>[];
  merges: Pick<LedgerRow<'merges'>, 'componentId' | 'baseBranch' | 'createdAt'>[];
  /** Calls that answered each attempt, with their provider: replayed answers took no one's time. */
  responses: Pick<LedgerRow<'responses'>, 'attemptId' | 'provider'>[];
}

/**
 * Reads the rows behind the metrics, filtered in SQL by time and feature. Rows that belong to no
 * component (a `baton log` entry without --component, a verify run outside a plan) are kept unless
 * a feature is asked for.
 */
export async function loadMetricsData(ledger: LedgerStore, filter: MetricsFilter = {}): Promise<MetricsData> {
  const { db } = ledger;

  let components = db
    .selectFrom('components')
    .innerJoin('plans', 'plans.id', 'components.planId')
    .selectAll('components')
    .select('plans.feature');
  if (filter.feature) components = components.where('plans.feature', '=', filter.feature);
  const componentRows = await components.orderBy('components.id').execute();
  const componentIds = new Set(componentRows.map((component) => component.id));
  // With a feature filter and no component, nothing can match; an empty IN list is not valid SQL.
  const noComponents = filter.feature !== undefined && componentIds.size === 0;
  const inFeature = <Row extends { componentId: string | null }>(rows: Row[]) =>
    filter.feature
      ? rows.filter((row) => row.componentId !== null && componentIds.has(row.componentId))
      : rows;

  if (noComponents) {
    return {
      components: [],
      attempts: [],
      findings: [],
      reviews: [],
      costs: [],
      intervals: [],
      defects: [],
      edits: [],
      merges: [],
      responses: [],
    };
  }

  // Filtering in SQL keeps the rows fetched proportional to the window asked for.
  const since = filter.since ?? '';
  const attempts = inFeature(
    await db
      .selectFrom('attempts')
      .selectAll()
      .$if(since !== '', (query) => query.where('startedAt', '>=', since))
      .orderBy('id')
      .execute(),
  );
  const attemptIds = new Set(attempts.map((attempt) => attempt.id));
  const byAttempt = <Row extends { attemptId: string | null }>(rows: Row[]) =>
    filter.feature ? rows.filter((row) => row.attemptId !== null && attemptIds.has(row.attemptId)) : rows;

  const [findings, reviews, costs, intervals, defects, edits, merges, responses] = await Promise.all([
    db
      .selectFrom('findings')
      .selectAll()
      .$if(since !== '', (query) => query.where('createdAt', '>=', since))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('reviews')
      .selectAll()
      .$if(since !== '', (query) => query.where('createdAt', '>=', since))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('costs')
      .selectAll()
      .$if(since !== '', (query) => query.where('createdAt', '>=', since))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('activityIntervals')
      .selectAll()
      .$if(since !== '', (query) => query.where('startedAt', '>=', since))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('defects')
      .selectAll()
      .$if(since !== '', (query) => query.where('foundAt', '>=', since))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('edits')
      .select(['attemptId', 'path'])
      .where('status', '=', 'applied')
      .$if(since !== '', (query) => query.where('createdAt', '>=', since))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('merges')
      .select(['componentId', 'baseBranch', 'createdAt'])
      .$if(since !== '', (query) => query.where('createdAt', '>=', since))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('responses')
      .select(['attemptId', 'provider'])
      .$if(since !== '', (query) => query.where('createdAt', '>=', since))
      .orderBy('id')
      .execute(),
  ]);
  return {
    components: componentRows,
    attempts,
    findings: byAttempt(findings),
    reviews: inFeature(reviews),
    costs: byAttempt(costs),
    intervals: inFeature(intervals),
    defects: inFeature(defects),
    edits: edits.filter((edit) => attemptIds.has(edit.attemptId)),
    merges: inFeature(merges),
    responses: byAttempt(responses),
  };
}
