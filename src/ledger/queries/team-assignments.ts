import { createId } from '../../core/index.js';
import type { LedgerStore } from '../ledger-store.js';

/** The `team_assignments` table (migration 0007): owners `baton team assign` gave plan components. */
interface TeamAssignmentsTable {
  id: string;
  /** The plan file, relative to the project root, as runs record it. */
  planPath: string;
  componentKey: string;
  owner: string;
  estimateHours: number;
  reason: string;
  assignedBy: string;
  assignedAt: string;
}

export type TeamAssignment = TeamAssignmentsTable;

function assignments(ledger: LedgerStore) {
  return ledger.db.withTables<{ teamAssignments: TeamAssignmentsTable }>();
}

/** Records owners given to a plan's components, all of them or none. */
export async function recordAssignments(
  ledger: LedgerStore,
  rows: readonly Omit<TeamAssignment, 'id'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await ledger.transaction(async (writer) => {
    await writer.db
      .withTables<{ teamAssignments: TeamAssignmentsTable }>()
      .insertInto('teamAssignments')
      .values(rows.map((row) => ({ ...row, id: createId('asg') })))
      .execute();
  });
}

/**
 * Each component's standing assignment (the latest), with whether the ledger has it done: a
 * component of a plan from that file with the same key reached `done` or `cancelled`.
 */
export async function standingAssignments(
  ledger: LedgerStore,
): Promise<(TeamAssignment & { open: boolean })[]> {
  const rows = await assignments(ledger)
    .selectFrom('teamAssignments')
    .selectAll()
    .orderBy('assignedAt')
    .orderBy('id')
    .execute();
  const latest = new Map<string, TeamAssignment>();
  for (const row of rows)
    latest.set(`${row.planPath}\u0000${row.componentKey}`, {
      ...row,
      estimateHours: Number(row.estimateHours),
    });
  if (latest.size === 0) return [];
  const paths = [...new Set([...latest.values()].map((row) => row.planPath))];
  const finished = await ledger.db
    .selectFrom('components')
    .innerJoin('plans', 'plans.id', 'components.planId')
    .select(['plans.sourcePath', 'components.key', 'components.updatedAt'])
    .where('plans.sourcePath', 'in', paths)
    .where('components.status', 'in', ['done', 'cancelled'])
    .execute();
  const closed = new Set(finished.map((row) => `${row.sourcePath}\u0000${row.key}`));
  return [...latest.entries()].map(([key, row]) => ({ ...row, open: !closed.has(key) }));
}
