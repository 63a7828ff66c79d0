import type { LedgerStore, LedgerWriter } from '../ledger-store.js';
import { type PreparedQuery, prepareQuery } from '../prepared-query.js';
import type { ComponentStatus, LedgerRow } from '../schema.js';

// The component rows the engine, review and the dashboard read and change while a plan runs.

export async function planComponents(
  ledger: LedgerStore,
  planId: string,
): Promise<LedgerRow<'components'>[]> {
  return ledger.db.selectFrom('components').selectAll().where('planId', '=', planId).execute();
}

/** A plan's components in the order they were recorded (ties broken by id). */
export async function planComponentsInRecordedOrder(
  ledger: LedgerStore,
  planId: string,
): Promise<LedgerRow<'components'>[]> {
  return ledger.db
    .selectFrom('components')
    .selectAll()
    .where('planId', '=', planId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function componentExists(ledger: LedgerStore, componentRowId: string): Promise<boolean> {
  const component = await ledger.db
    .selectFrom('components')
    .select('id')
    .where('id', '=', componentRowId)
    .executeTakeFirst();
  return component !== undefined;
}

/** Every component's status and the attempt that is its evidence. */
export async function componentEvidenceStates(
  ledger: LedgerStore,
): Promise<Pick<LedgerRow<'components'>, 'id' | 'status' | 'evidenceAttemptId'>[]> {
  return ledger.db.selectFrom('components').select(['id', 'status', 'evidenceAttemptId']).execute();
}

/** A component by its plan key in the runs of its plan: the newest run's, or the one asked for. */
export async function componentInRun(ledger: LedgerStore, componentKey: string, runId: string | undefined) {
  let query = ledger.db
    .selectFrom('components')
    .innerJoin('runs', 'runs.planId', 'components.planId')
    .select([
      'runs.id as runId',
      'components.id as rowId',
      'components.status',
      'components.kind',
      'components.triage',
    ])
    .where('components.key', '=', componentKey);
  if (runId) query = query.where('runs.id', '=', runId);
  return query.orderBy('runs.startedAt', 'desc').executeTakeFirst();
}

/** The done commit of each of these components (by row id), read in one query; absent when not done. */
export async function evidenceCommits(
  ledger: LedgerStore,
  componentRowIds: readonly string[],
): Promise<Map<string, string>> {
  if (componentRowIds.length === 0) return new Map();
  const rows = await ledger.db
    .selectFrom('components')
    .innerJoin('attempts', 'attempts.id', 'components.evidenceAttemptId')
    .select(['components.id as componentRowId', 'attempts.commitSha as commitSha'])
    .where('components.id', 'in', [...componentRowIds])
    .execute();
  return new Map(
    rows.flatMap((row) => (row.commitSha ? [[row.componentRowId, row.commitSha] as const] : [])),
  );
}

export type ComponentChange = {
  status: ComponentStatus;
  statusReason?: string | null;
  evidenceAttemptId?: string | null;
};

// One prepared update for each set of columns a step changes; there are a handful.
const componentUpdates = new Map<string, PreparedQuery<Record<string, unknown>, unknown>>();

/** Changes a component's status (and reason, evidence) with its `updatedAt`, by a prepared update. */
export async function updateComponent(
  writer: LedgerWriter,
  componentRowId: string,
  change: ComponentChange,
  at: string,
): Promise<void> {
  const columns = Object.keys(change).filter(
    (column) => change[column as keyof ComponentChange] !== undefined,
  ) as (keyof ComponentChange)[];
  const key = columns.join(',');
  let update = componentUpdates.get(key);
  if (!update) {
    update = prepareQuery<Record<string, unknown>>((db, value) =>
      db
        .updateTable('components')
        .set({
          ...Object.fromEntries(columns.map((column) => [column, value(column)])),
          updatedAt: value('updatedAt') as string,
        })
        .where('id', '=', value('id') as string),
    );
    componentUpdates.set(key, update);
  }
  await update.execute(writer.db, { ...change, updatedAt: at, id: componentRowId });
}

/** A rejected component goes back to `pending`, the reviewer's reason kept. */
export async function returnComponentToPending(
  writer: LedgerWriter,
  componentRowId: string,
  statusReason: string,
  at: string,
): Promise<void> {
  await writer.db
    .updateTable('components')
    .set({ status: 'pending', statusReason, updatedAt: at })
    .where('id', '=', componentRowId)
    .execute();
}
