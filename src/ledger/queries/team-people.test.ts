import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/postgres-server.js';
import { BatonError } from '../../core/errors.js';
import type { LedgerStore } from '../ledger-store.js';
import { latestSchemaVersion } from '../migrate.js';
import { openPostgresLedger } from '../postgres-store.js';
import { ledgerTableNames } from '../schema.js';
import { openSqliteLedger } from '../sqlite-store.js';
import { recordAssignments, standingAssignments } from './team-assignments.js';
import {
  addTeamPerson,
  listTeamChanges,
  listTeamPeople,
  removeTeamPerson,
  updateTeamPerson,
} from './team-people.js';

const postgres = inject('postgres');

async function refusal(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!BatonError.isInstance(error)) throw new Error(`expected a BatonError, got ${String(error)}`);
  return error;
}

function describeTeamPeople(name: string, open: () => Promise<LedgerStore>, skip?: string) {
  describe.skipIf(skip !== undefined)(`team people (${name})`, () => {
    const opened: LedgerStore[] = [];
    afterEach(async () => {
      for (const ledger of opened.splice(0)) await ledger.close();
    });

    it('adds, changes and removes people, keeping every role and phase change as history', async () => {
      const ledger = await open();
      opened.push(ledger);
      await addTeamPerson(
        ledger,
        'Grace',
        { role: 'junior', git: ['ghopper', 'grace@example.com'], trainingPhase: 'tool-familiarization' },
        { person: 'Ada', at: '2026-11-01T09:00:00.000Z' },
      );
      await addTeamPerson(
        ledger,
        'Ada',
        { role: 'senior', capacityHours: 30 },
        { person: 'Ada', at: '2026-11-01T09:01:00.000Z' },
      );
      await updateTeamPerson(
        ledger,
        'Grace',
        { capacityHours: 20 },
        { person: 'Ada', at: '2026-11-02T09:00:00.000Z' },
      );
      await updateTeamPerson(
        ledger,
        'Grace',
        { role: 'mid', trainingPhase: 'verification-rigor' },
        { person: 'Ada', at: '2026-12-01T09:00:00.000Z' },
      );
      expect(await listTeamPeople(ledger)).toEqual([
        expect.objectContaining({ name: 'Ada', role: 'senior', capacityHours: 30, git: [] }),
        expect.objectContaining({
          name: 'Grace',
          role: 'mid',
          capacityHours: 20,
          git: ['ghopper', 'grace@example.com'],
          trainingPhase: 'verification-rigor',
        }),
      ]);
      await removeTeamPerson(ledger, 'Ada', { person: 'Grace', at: '2026-12-02T09:00:00.000Z' });
      expect((await listTeamPeople(ledger)).map((person) => person.name)).toEqual(['Grace']);
      const history = await listTeamChanges(ledger, 'Grace');
      // A capacity change alone is not a role or phase change, so it is not history.
      expect(
        history.map((change) => [change.change, change.previousRole, change.role, change.trainingPhase]),
      ).toEqual([
        ['added', null, 'junior', 'tool-familiarization'],
        ['changed', 'junior', 'mid', 'verification-rigor'],
      ]);
      const removed = (await listTeamChanges(ledger)).at(-1);
      expect(removed).toMatchObject({
        person: 'Ada',
        change: 'removed',
        previousRole: 'senior',
        changedBy: 'Grace',
      });
    });

    it('keeps each component’s latest owner, open until a run of that plan finishes it', async () => {
      const ledger = await open();
      opened.push(ledger);
      const assignment = (componentKey: string, owner: string, assignedAt: string) => ({
        planPath: 'plans/preferences.yaml',
        componentKey,
        owner,
        estimateHours: 2.5,
        reason: 'standard feature',
        assignedBy: 'Ada',
        assignedAt,
      });
      await recordAssignments(ledger, [
        assignment('api', 'Ben', '2026-11-01T09:00:00.000Z'),
        assignment('form', 'Jo', '2026-11-01T09:00:00.000Z'),
      ]);
      await recordAssignments(ledger, [assignment('api', 'Ada', '2026-11-02T09:00:00.000Z')]);
      await ledger.insert('plans', [
        {
          id: 'pln_1',
          feature: 'Preferences',
          sourcePath: 'plans/preferences.yaml',
          contentHash: 'h',
          document: '{}',
          createdAt: '2026-11-03T09:00:00.000Z',
        },
      ]);
      await ledger.insert('components', [
        {
          id: 'cmp_form',
          planId: 'pln_1',
          key: 'form',
          title: 'Form',
          kind: 'ui',
          triage: 'orchestrate',
          ownerRole: 'junior',
          estimateHours: 2.5,
          status: 'done',
          triageReasons: null,
          statusReason: null,
          createdAt: '2026-11-03T09:00:00.000Z',
          updatedAt: '2026-11-03T10:00:00.000Z',
        },
      ]);
      const standing = await standingAssignments(ledger);
      expect(standing.map((row) => [row.componentKey, row.owner, row.estimateHours, row.open])).toEqual([
        ['api', 'Ada', 2.5, true],
        ['form', 'Jo', 2.5, false],
      ]);
    });

    it('refuses a second person of the same name and a change to someone not on the team', async () => {
      const ledger = await open();
      opened.push(ledger);
      await addTeamPerson(
        ledger,
        'Linus',
        { role: 'mid' },
        { person: 'Ada', at: '2026-11-01T09:00:00.000Z' },
      );
      const twice = await refusal(
        addTeamPerson(ledger, 'Linus', { role: 'senior' }, { person: 'Ada', at: '2026-11-01T10:00:00.000Z' }),
      );
      expect(twice.code).toBe('TEAM_PERSON_EXISTS');
      const unknown = await refusal(
        updateTeamPerson(
          ledger,
          'Linux',
          { role: 'senior' },
          { person: 'Ada', at: '2026-11-01T10:00:00.000Z' },
        ),
      );
      expect(unknown.code).toBe('TEAM_PERSON_UNKNOWN');
      expect(unknown.message).toContain('(people: Linus)');
      expect((await listTeamChanges(ledger)).map((change) => change.change)).toEqual(['added']);
    });
  });
}

const directory = mkdtempSync(join(tmpdir(), 'baton-team-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let sqliteFiles = 0;

describeTeamPeople('sqlite', () => openSqliteLedger({ path: join(directory, `ledger-${++sqliteFiles}.db`) }));

describeTeamPeople(
  'postgres',
  async () => {
    if (!('adminUrl' in postgres)) throw new Error(postgres.skipped);
    return openPostgresLedger({ url: await createTestDatabase(postgres.adminUrl) });
  },
  'skipped' in postgres ? postgres.skipped : undefined,
);

describe('a ledger from before the team tables', () => {
  it('is migrated forward on open, its rows kept, and takes people', async () => {
    const path = join(directory, 'older.db');
    const first = await openSqliteLedger({ path });
    await first.insert('defects', [
      {
        id: 'def_1',
        componentId: null,
        person: 'Ada',
        severity: 'high',
        description: 'kept',
        foundAt: '2026-10-01T00:00:00.000Z',
      },
    ]);
    await first.close();
    // Rewind the file to schema version 6, as a Baton before the team wrote it: every table a later
    // migration made goes, with the migrations' own rows.
    const raw = new Database(path);
    const tablesAtVersion6 = new Set<string>([
      ...ledgerTableNames,
      'run_locks',
      'baton_migration',
      'baton_migration_lock',
    ]);
    const tables = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    for (const { name } of tables) if (!tablesAtVersion6.has(name)) raw.exec(`DROP TABLE ${name}`);
    raw.exec("DELETE FROM baton_migration WHERE name > '0006-run-locks'");
    // A later migration also gave run_locks a column.
    raw.exec('ALTER TABLE run_locks DROP COLUMN lease_expires_at');
    raw.close();

    const reopened = await openSqliteLedger({ path });
    try {
      expect(reopened.schemaVersion).toBe(latestSchemaVersion());
      expect((await reopened.rows('defects')).map((defect) => defect.description)).toEqual(['kept']);
      await addTeamPerson(
        reopened,
        'Ada',
        { role: 'senior' },
        { person: 'Ada', at: '2026-11-01T09:00:00.000Z' },
      );
      expect((await listTeamPeople(reopened)).map((person) => person.name)).toEqual(['Ada']);
    } finally {
      await reopened.close();
    }
  });
});
