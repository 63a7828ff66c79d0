import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { createTestDatabase } from '../../../test/support/postgres-server.js';
import { seedMetricsLedger } from '../../../test/support/seed-metrics-ledger.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { openSqliteLedger } from '../../ledger/index.js';

let repository: TemporaryRepository;
beforeEach(async () => {
  repository = createTemporaryRepository({
    'baton.config.ts': `export default {
  person: 'Ada',
  team: {
    people: [
      { name: 'Ada', git: 'ada', role: 'senior' },
      { name: 'Ben', email: 'ben@example.com', role: 'mid', capacityHours: 30 },
    ],
  },
};
`,
  });
  const ledger = await openSqliteLedger({ path: join(repository.root, '.baton', 'ledger.db') });
  await seedMetricsLedger(ledger);
  await ledger.close();
});
afterEach(() => repository.remove());

const withoutGeneratedTime = (text: string) => text.replace(/generated [\d-]+ [\d:]+ UTC/, 'generated <now>');

describe('baton team', () => {
  it('prints the composition against the article and each person’s figures', async () => {
    const result = await runBaton(['team'], repository.root);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(withoutGeneratedTime(result.stdout)).toMatchInlineSnapshot(`
      "Baton team · generated <now>

      Composition
      -----------
      2 people: 1 senior, 1 mid-level, 0 junior. Matches the article's 1:1:0 for 2 people.

      People
      ------
      Prompted: components whose attempts they committed or prompted. Caught / later: defects they caught in review (rejections, edits) against defects found later on components they accepted.
      name  role    training phase  prompted  first pass  attempts    reviewed  review / component  caught / later  time    closest profile
      ----  ------  --------------  --------  ----------  ----------  --------  ------------------  --------------  ------  ------------------------
      Ada   senior  –               3         0 (0%)      7 (2.33/c)  1         15 min              0 / 0           4.25 h  orchestrator (76% alike)
      Ben   mid     –               2         1 (50%)     3 (1.50/c)  2         22.5 min            1 / 1           3.50 h  traditional (72% alike)
      "
    `);
  });

  it('prints JSON with the same figures', async () => {
    const result = await runBaton(['team', '--json'], repository.root);
    const report = JSON.parse(result.stdout) as {
      composition: { target: Record<string, number>; summary: string };
      people: {
        name: string;
        componentsPrompted: number;
        caughtInReview: number;
        defectsFoundLater: number;
      }[];
    };
    expect(report.composition.target).toEqual({ senior: 1, mid: 1, junior: 0 });
    expect(
      report.people.map((person) => [
        person.name,
        person.componentsPrompted,
        person.caughtInReview,
        person.defectsFoundLater,
      ]),
    ).toEqual([
      ['Ada', 3, 0, 0],
      ['Ben', 2, 1, 1],
    ]);
  });

  it('adds, changes and removes people in the ledger, and shows the role history', async () => {
    const added = await runBaton(
      [
        'team',
        'add',
        'Grace',
        '--role',
        'junior',
        '--git',
        'ghopper,grace@example.com',
        '--training-phase',
        'tool-familiarization',
      ],
      repository.root,
    );
    expect(added.exitCode).toBe(0);
    expect(added.stdout).toContain('Added Grace as junior (in this machine’s SQLite ledger');
    const promoted = await runBaton(
      ['team', 'set', 'Grace', '--role', 'mid', '--training-phase', 'verification-rigor'],
      repository.root,
    );
    expect(promoted.exitCode).toBe(0);
    const shown = await runBaton(['team'], repository.root);
    expect(shown.stdout).toContain(
      "3 people: 1 senior, 2 mid-level, 0 junior. 1 junior short, 1 mid-level over against the article's 1:1:1 for 3 people.",
    );
    expect(shown.stdout).toMatch(/Grace: added as junior, tool-familiarization \(by Ada\)/);
    expect(shown.stdout).toMatch(
      /Grace: junior → mid, phase tool-familiarization → verification-rigor \(by Ada\)/,
    );
    const removed = await runBaton(['team', 'remove', 'Grace'], repository.root);
    expect(removed.exitCode).toBe(0);
    expect((await runBaton(['team'], repository.root)).stdout).toMatch(/Grace: removed \(was mid\)/);
  });

  it('refuses bad input with what to do', async () => {
    const noRole = await runBaton(['team', 'add', 'Grace'], repository.root);
    expect(noRole.exitCode).toBe(2);
    expect(noRole.stderr).toContain('--role is required to add Grace');
    const badRole = await runBaton(['team', 'add', 'Grace', '--role', 'principal'], repository.root);
    expect(badRole.exitCode).toBe(2);
    const clash = await runBaton(
      ['team', 'add', 'Grace', '--role', 'mid', '--git', 'BEN@example.com'],
      repository.root,
    );
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain('"ben@example.com" identifies both Ben (config) and Grace (ledger)');
    const unknown = await runBaton(['team', 'set', 'Gracie', '--role', 'mid'], repository.root);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('No one named "Gracie" is on the team in the ledger');
    expect((await runBaton(['team', '--json'], repository.root)).stdout).not.toContain('Grace');
  });
});

const postgres = inject('postgres');

describe.skipIf('skipped' in postgres)('baton team on a shared PostgreSQL ledger', () => {
  it('shows a person one checkout added to every other checkout, with the history', async () => {
    if (!('adminUrl' in postgres)) throw new Error(postgres.skipped);
    const url = await createTestDatabase(postgres.adminUrl);
    const other = createTemporaryRepository({ 'baton.config.json': JSON.stringify({ person: 'Ben' }) });
    try {
      const added = await runBaton(['team', 'add', 'Grace', '--role', 'junior'], other.root, {
        BATON_LEDGER_URL: url,
      });
      expect(added.exitCode, added.stderr).toBe(0);
      expect(added.stdout).toBe('Added Grace as junior.\n');
      const seen = await runBaton(['team', '--json'], repository.root, { BATON_LEDGER_URL: url });
      const report = JSON.parse(seen.stdout) as {
        people: { name: string; source: string }[];
        changes: { person: string; change: string; changedBy: string }[];
      };
      expect(report.people.map((person) => [person.name, person.source])).toEqual([
        ['Ada', 'config'],
        ['Ben', 'config'],
        ['Grace', 'ledger'],
      ]);
      expect(report.changes).toEqual([
        expect.objectContaining({ person: 'Grace', change: 'added', changedBy: 'Ben' }),
      ]);
    } finally {
      other.remove();
    }
  });
});
