import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultTrainingSettings } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { buildRoster } from '../roster.js';
import {
  seedTrainingLedger,
  trainingNow,
  trainingPeople,
  writeTrainingPlan,
} from './__fixtures__/seed-training-ledger.js';
import { buildTrainingStatus } from './training-status.js';

let root: string;
let ledger: LedgerStore;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'baton-training-status-'));
  writeTrainingPlan(root);
  ledger = await openSqliteLedger({ path: join(root, 'ledger.db') });
  await seedTrainingLedger(ledger);
});

afterEach(async () => {
  await ledger.close();
  rmSync(root, { recursive: true, force: true });
});

const status = (settings = defaultTrainingSettings) =>
  buildTrainingStatus({ ledger, roster: buildRoster(trainingPeople), settings, root, now: trainingNow });

describe('training status of a seeded ledger', () => {
  it('measures each person against their phase’s exit criteria, with the article’s durations', async () => {
    const { people } = await status();
    const summary = people.map((person) => ({
      person: person.person,
      phase: person.phase,
      days: person.daysInPhase,
      overdue: person.overdue,
      ready: person.ready,
      criteria: person.criteria.map((criterion) => [criterion.id, criterion.actual, criterion.met]),
    }));
    expect(summary).toEqual([
      {
        person: 'Ben',
        phase: 4,
        days: 67,
        overdue: true,
        ready: false,
        criteria: [['components-through-loop', 2, false]],
      },
      {
        person: 'Grace',
        phase: 2,
        days: 36,
        overdue: true,
        ready: true,
        criteria: [
          ['components', 5, true],
          ['median-lint', 88, true],
          ['first-pass', 60, true],
        ],
      },
      {
        person: 'Joan',
        phase: 1,
        days: 6,
        overdue: false,
        ready: true,
        criteria: [['guided-tour', 1, true]],
      },
      {
        person: 'Linus',
        phase: 3,
        days: 17,
        overdue: false,
        ready: false,
        criteria: [['verification-exercises', 0, false]],
      },
    ]);
    const grace = people.find((person) => person.person === 'Grace');
    expect(grace?.criteria.map((criterion) => criterion.evidence)).toEqual([
      '5 component(s) prompted',
      'lint scores 88, 88, 40, 88, 14',
      '3 of 5 passed every check on the first attempt, with no rejection',
    ]);
    expect(people.find((person) => person.person === 'Linus')?.criteria[0]?.evidence).toBe(
      'seed 12: recall 100 %, 2 false claim(s); seed 13: recall 67 %, 0 false claim(s)',
    );
    expect(people.find((person) => person.person === 'Ben')?.criteria[0]?.evidence).toBe(
      '2 of 4 component(s) they prompted; 1 more merged with a defect found later',
    );
  });

  it('reads the thresholds from the config: a stricter lint bar leaves Grace short', async () => {
    const { people } = await status({
      ...defaultTrainingSettings,
      promptingPractice: {
        ...defaultTrainingSettings.promptingPractice,
        medianLintScore: 90,
        minComponents: 6,
      },
    });
    const grace = people.find((person) => person.person === 'Grace');
    expect(grace?.criteria.map((criterion) => [criterion.id, criterion.met])).toEqual([
      ['components', false],
      ['median-lint', false],
      ['first-pass', false],
    ]);
    expect(grace?.ready).toBe(false);
  });
});
