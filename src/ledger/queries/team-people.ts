import { BatonError } from '../../core/errors.js';
import { createId } from '../../core/index.js';
import type { Kysely } from '../kysely.js';
import type { LedgerStore } from '../ledger-store.js';
import type { LedgerDatabase } from '../schema.js';

/** The `team_people` table (migration 0007): one row per person on a shared ledger's team. */
interface TeamPeopleTable {
  name: string;
  email: string | null;
  /** JSON: the other names and emails the person commits or records work under. */
  git: string | string[];
  role: string;
  capacityHours: number | null;
  trainingPhase: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The `team_changes` table (migration 0007): every addition, role or phase change and removal. */
interface TeamChangesTable {
  id: string;
  person: string;
  change: TeamChangeKind;
  role: string | null;
  previousRole: string | null;
  trainingPhase: string | null;
  previousTrainingPhase: string | null;
  changedBy: string;
  changedAt: string;
}

export type TeamChangeKind = 'added' | 'changed' | 'removed';

/** A person as the ledger holds them. */
export interface LedgerTeamPerson {
  name: string;
  email: string | null;
  git: string[];
  role: string;
  capacityHours: number | null;
  trainingPhase: string | null;
  createdAt: string;
  updatedAt: string;
}

export type TeamChange = TeamChangesTable;

/** What `team add` and `team set` write; `null` clears an optional field, `undefined` leaves it. */
export interface TeamPersonFields {
  email?: string | null;
  git?: string[];
  role?: string;
  capacityHours?: number | null;
  trainingPhase?: string | null;
}

type TeamTables = { teamPeople: TeamPeopleTable; teamChanges: TeamChangesTable };

function tables(db: Kysely<LedgerDatabase>) {
  return db.withTables<TeamTables>();
}

function parseGit(value: string | string[]): string[] {
  if (Array.isArray(value)) return value.map(String);
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

function toPerson(row: TeamPeopleTable): LedgerTeamPerson {
  return {
    name: row.name,
    email: row.email,
    git: parseGit(row.git),
    role: row.role,
    capacityHours: row.capacityHours === null ? null : Number(row.capacityHours),
    trainingPhase: row.trainingPhase,
    createdAt: String(row.createdAt),
    updatedAt: String(row.updatedAt),
  };
}

function unknownPerson(name: string, known: readonly string[]): BatonError {
  return new BatonError({
    code: 'TEAM_PERSON_UNKNOWN',
    message: `No one named "${name}" is on the team in the ledger${known.length > 0 ? ` (people: ${known.join(', ')})` : ''}.`,
    hint: `Add them first with \`baton team add "${name}" --role <senior|mid|junior>\`, or check the spelling.`,
  });
}

/** The people on the ledger's team, by name. */
export async function listTeamPeople(ledger: LedgerStore): Promise<LedgerTeamPerson[]> {
  const rows = await tables(ledger.db).selectFrom('teamPeople').selectAll().orderBy('name').execute();
  return rows.map(toPerson);
}

/** Every change to the ledger's team, oldest first; one person's when `person` is given. */
export async function listTeamChanges(ledger: LedgerStore, person?: string): Promise<TeamChange[]> {
  return tables(ledger.db)
    .selectFrom('teamChanges')
    .selectAll()
    .$if(person !== undefined, (query) => query.where('person', '=', person ?? ''))
    .orderBy('changedAt')
    .orderBy('id')
    .execute();
}

/** Adds a person and records the addition; a name already on the team is refused. */
export async function addTeamPerson(
  ledger: LedgerStore,
  name: string,
  fields: TeamPersonFields & { role: string },
  by: { person: string; at: string },
): Promise<LedgerTeamPerson> {
  return ledger.transaction(async (writer) => {
    const db = tables(writer.db);
    const existing = await db
      .selectFrom('teamPeople')
      .select('name')
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) {
      throw new BatonError({
        code: 'TEAM_PERSON_EXISTS',
        message: `"${name}" is already on the team in the ledger.`,
        hint: `Change them with \`baton team set "${name}" …\`, or remove them first with \`baton team remove "${name}"\`.`,
      });
    }
    const row: TeamPeopleTable = {
      name,
      email: fields.email ?? null,
      git: JSON.stringify(fields.git ?? []),
      role: fields.role,
      capacityHours: fields.capacityHours ?? null,
      trainingPhase: fields.trainingPhase ?? null,
      createdAt: by.at,
      updatedAt: by.at,
    };
    await db.insertInto('teamPeople').values(row).execute();
    await db
      .insertInto('teamChanges')
      .values({
        id: createId('tch'),
        person: name,
        change: 'added',
        role: row.role,
        previousRole: null,
        trainingPhase: row.trainingPhase,
        previousTrainingPhase: null,
        changedBy: by.person,
        changedAt: by.at,
      })
      .execute();
    return toPerson(row);
  });
}

/** The person's row, or TEAM_PERSON_UNKNOWN naming the people there are. */
async function existingPerson(db: ReturnType<typeof tables>, name: string): Promise<TeamPeopleTable> {
  const current = await db.selectFrom('teamPeople').selectAll().where('name', '=', name).executeTakeFirst();
  if (current) return current;
  const known = await db.selectFrom('teamPeople').select('name').orderBy('name').execute();
  throw unknownPerson(
    name,
    known.map((row) => row.name),
  );
}

/** Changes a person's fields; a change of role or training phase is kept in the history. */
export async function updateTeamPerson(
  ledger: LedgerStore,
  name: string,
  fields: TeamPersonFields,
  by: { person: string; at: string },
): Promise<LedgerTeamPerson> {
  return ledger.transaction(async (writer) => {
    const db = tables(writer.db);
    const current = await existingPerson(db, name);
    const next: TeamPeopleTable = {
      ...current,
      email: fields.email === undefined ? current.email : fields.email,
      git: fields.git === undefined ? JSON.stringify(parseGit(current.git)) : JSON.stringify(fields.git),
      role: fields.role ?? current.role,
      capacityHours: fields.capacityHours === undefined ? current.capacityHours : fields.capacityHours,
      trainingPhase: fields.trainingPhase === undefined ? current.trainingPhase : fields.trainingPhase,
      updatedAt: by.at,
    };
    await db
      .updateTable('teamPeople')
      .set({
        email: next.email,
        git: next.git,
        role: next.role,
        capacityHours: next.capacityHours,
        trainingPhase: next.trainingPhase,
        updatedAt: next.updatedAt,
      })
      .where('name', '=', name)
      .execute();
    if (next.role !== current.role || next.trainingPhase !== current.trainingPhase) {
      await db
        .insertInto('teamChanges')
        .values({
          id: createId('tch'),
          person: name,
          change: 'changed',
          role: next.role,
          previousRole: current.role,
          trainingPhase: next.trainingPhase,
          previousTrainingPhase: current.trainingPhase,
          changedBy: by.person,
          changedAt: by.at,
        })
        .execute();
    }
    return toPerson(next);
  });
}

/** Removes a person from the team; their history and their work in the ledger stay. */
export async function removeTeamPerson(
  ledger: LedgerStore,
  name: string,
  by: { person: string; at: string },
): Promise<void> {
  await ledger.transaction(async (writer) => {
    const db = tables(writer.db);
    const current = await existingPerson(db, name);
    await db.deleteFrom('teamPeople').where('name', '=', name).execute();
    await db
      .insertInto('teamChanges')
      .values({
        id: createId('tch'),
        person: name,
        change: 'removed',
        role: null,
        previousRole: current.role,
        trainingPhase: null,
        previousTrainingPhase: current.trainingPhase,
        changedBy: by.person,
        changedAt: by.at,
      })
      .execute();
  });
}
