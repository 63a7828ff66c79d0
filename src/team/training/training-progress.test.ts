import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../core/errors.js';
import { defaultTrainingSettings } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import { addTeamPerson, listTeamChanges, listTrainingPhases, openSqliteLedger } from '../../ledger/index.js';
import { buildRoster } from '../roster.js';
import {
  seedTrainingLedger,
  trainingNow,
  trainingPeople,
  writeTrainingPlan,
} from './__fixtures__/seed-training-ledger.js';
import { formatTrainingStatus } from './format-training.js';
import { advanceTraining, type ProgressContext, startTraining } from './training-progress.js';
import { buildTrainingStatus } from './training-status.js';

let root: string;
let ledger: LedgerStore;
let context: ProgressContext;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'baton-training-progress-'));
  writeTrainingPlan(root);
  ledger = await openSqliteLedger({ path: join(root, 'ledger.db') });
  await seedTrainingLedger(ledger);
  context = { ledger, people: trainingPeople, by: 'Ada', now: trainingNow };
});
afterEach(async () => {
  await ledger.close();
  rmSync(root, { recursive: true, force: true });
});

function refusal(run: () => Promise<unknown>): Promise<BatonError> {
  return run().then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      if (!BatonError.isInstance(error)) throw error;
      return error;
    },
  );
}

describe('advancing through the phases', () => {
  const options = () => ({ settings: defaultTrainingSettings, root });
  it('advances a person whose criteria are met and refuses one whose are not, naming what is missing', async () => {
    const { record } = await advanceTraining(context, 'Joan', options());
    expect(record).toMatchObject({
      person: 'Joan',
      phase: 2,
      change: 'advanced',
      reason: null,
      recordedBy: 'Ada',
    });

    const refused = await refusal(() => advanceTraining(context, 'Ben', options()));
    expect(refused.code).toBe('TRAINING_CRITERIA_UNMET');
    expect(refused.message).toContain(
      "Ben has not met phase 4's exit criteria: components taken through plan",
    );
    expect(refused.message).toContain(': 2 (2 of 4 component(s) they prompted');

    const finished = await advanceTraining(context, 'bhall', {
      ...options(),
      override: 'left for another team',
    });
    expect(finished.record).toMatchObject({ phase: 5, change: 'overridden' });
    expect(finished.record.reason).toBe('left for another team (unmet: components-through-loop)');
    const again = await refusal(() => advanceTraining(context, 'Ben', options()));
    expect(again.message).toContain('finished all four phases');

    const status = await buildTrainingStatus({
      ledger,
      roster: buildRoster(trainingPeople),
      settings: defaultTrainingSettings,
      root,
      now: trainingNow,
      person: 'Ben',
    });
    expect(formatTrainingStatus(status)).toBe('Ben (mid): phase 4 done, training finished, day 0\n');
  });

  it('starts someone on the ledger’s team and keeps their trainingPhase in step there', async () => {
    await addTeamPerson(
      ledger,
      'Rosa',
      { role: 'junior' },
      { person: 'Ada', at: '2026-12-01T09:00:00.000Z' },
    );
    await startTraining(context, 'Rosa');
    const twice = await refusal(() => startTraining(context, 'Rosa'));
    expect(twice.code).toBe('TRAINING_ALREADY_STARTED');
    await advanceTraining(context, 'Rosa', { ...options(), override: 'knows Baton from her last team' });
    expect((await listTrainingPhases(ledger, 'Rosa')).map((record) => record.phase)).toEqual([1, 2]);
    expect(
      (await listTeamChanges(ledger, 'Rosa')).map((change) => [
        change.previousTrainingPhase,
        change.trainingPhase,
      ]),
    ).toEqual([
      [null, null],
      [null, 'tool-familiarization'],
      ['tool-familiarization', 'prompting-practice'],
    ]);
    const unknown = await refusal(() => startTraining(context, 'Rosalind'));
    expect(unknown.code).toBe('TEAM_PERSON_UNKNOWN');
    expect(unknown.message).toContain('(people: Ada, Ben, Grace, Joan, Linus, Rosa)');
  });
});
