import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedMetricsLedger } from '../../test/support/seed-metrics-ledger.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../test/support/temporary-repository.js';
import { resolveTeamPerson } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { addTeamPerson, openSqliteLedger } from '../ledger/index.js';
import { buildTeamReport } from './team-report.js';

let directory: string;
let ledger: LedgerStore;
let repository: TemporaryRepository;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'baton-team-report-'));
  ledger = await openSqliteLedger({ path: join(directory, 'ledger.db') });
  await seedMetricsLedger(ledger);
  repository = createTemporaryRepository({ 'README.md': 'service\n' });
  repository.git('add', '.');
  repository.git('commit', '-qm', 'tests, first attempt', '--author', 'Grace Hopper <grace@example.com>');
  const sha = repository.git('rev-parse', 'HEAD').trim();
  // The first attempt at `tests` was committed by Grace: her commit identity, not a ledger name, ties her to it.
  await ledger.db.updateTable('attempts').set({ commitSha: sha }).where('id', '=', 'att_tests_1').execute();
  await ledger.insert('activityIntervals', [
    {
      id: 'act_mallory',
      person: 'mallory',
      activity: 'reviewing',
      componentId: null,
      runId: null,
      startedAt: '2026-11-21T16:00:00.000Z',
      endedAt: '2026-11-21T16:30:00.000Z',
      source: 'recorded',
    },
  ]);
});

afterEach(async () => {
  await ledger.close();
  rmSync(directory, { recursive: true, force: true });
  repository.remove();
});

const people = [
  resolveTeamPerson({ name: 'Ada', git: 'ada', role: 'senior' }),
  resolveTeamPerson({ name: 'Ben', role: 'mid', capacityHours: 30 }),
];

describe('baton team figures', () => {
  it('gives each person their components, first-pass acceptance, attempts, review time, catches and time split', async () => {
    await addTeamPerson(
      ledger,
      'Grace',
      { role: 'junior', email: 'grace@example.com', trainingPhase: 'prompting-practice' },
      { person: 'Ada', at: '2026-11-19T09:00:00.000Z' },
    );
    const report = await buildTeamReport({
      ledger,
      people,
      repository: repository.root,
      now: new Date('2026-11-22T00:00:00.000Z'),
    });
    expect(report.composition.summary).toBe("Matches the article's 1:1:1 for 3 people.");
    const byName = Object.fromEntries(report.people.map((person) => [person.name, person]));
    expect(byName.Ada).toMatchObject({
      role: 'senior',
      source: 'config',
      componentsPrompted: 3,
      firstPassAccepted: 0,
      firstPassRate: 0,
      attempts: 7,
      componentsReviewed: 1,
      reviewHours: 0.25,
      reviewMinutesPerComponent: 15,
      caughtInReview: 0,
      componentsAccepted: 1,
      defectsFoundLater: 0,
    });
    expect(byName.Ada?.timeAllocation.totalHours).toBeCloseTo(4.25);
    expect(byName.Ada?.timeAllocation.closestProfile).toBe('orchestrator');
    expect(byName.Ben).toMatchObject({
      capacityHours: 30,
      componentsPrompted: 2,
      firstPassAccepted: 1,
      firstPassRate: 0.5,
      attempts: 3,
      componentsReviewed: 2,
      reviewHours: 0.75,
      reviewMinutesPerComponent: 22.5,
      caughtInReview: 1,
      componentsAccepted: 2,
      defectsFoundLater: 1,
    });
    expect(byName.Ben?.timeAllocation.totalHours).toBeCloseTo(3.5);
    expect(byName.Grace).toMatchObject({
      source: 'ledger',
      trainingPhase: 'prompting-practice',
      componentsPrompted: 1,
      attempts: 3,
      componentsReviewed: 0,
      reviewMinutesPerComponent: null,
    });
    expect(byName.Grace?.timeAllocation).toMatchObject({ totalHours: 0, closestProfile: undefined });
    expect(report.unknownIdentities).toEqual([{ identity: 'mallory', rows: 1 }]);
    expect(report.changes.map((change) => [change.person, change.change, change.role])).toEqual([
      ['Grace', 'added', 'junior'],
    ]);
  });

  it('names the gap when the team is not the article’s shape, and leaves out commits git no longer has', async () => {
    await ledger.db
      .updateTable('attempts')
      .set({ commitSha: 'f'.repeat(40) })
      .where('id', '=', 'att_tests_1')
      .execute();
    const report = await buildTeamReport({ ledger, people, repository: repository.root, now: new Date() });
    expect(report.composition.summary).toBe("Matches the article's 1:1:0 for 2 people.");
    const four = await buildTeamReport({
      ledger,
      people: [
        ...people,
        resolveTeamPerson({ name: 'Cy', role: 'mid' }),
        resolveTeamPerson({ name: 'Di', role: 'mid' }),
      ],
      repository: repository.root,
      now: new Date(),
    });
    expect(four.composition.summary).toBe(
      "1 senior short, 1 junior short, 2 mid-levels over against the article's 2:1:1 for 4 people.",
    );
    expect(report.unknownIdentities.map((unknown) => unknown.identity)).toEqual(['mallory']);
  });
});
