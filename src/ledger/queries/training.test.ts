import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/postgres-server.js';
import type { LedgerStore } from '../ledger-store.js';
import { openPostgresLedger } from '../postgres-store.js';
import { openSqliteLedger } from '../sqlite-store.js';
import {
  listTrainingExercises,
  listTrainingPhases,
  planFileRecords,
  recordTrainingExercise,
  recordTrainingPhase,
} from './training.js';

const postgres = inject('postgres');

function describeTraining(name: string, open: () => Promise<LedgerStore>, skip?: string) {
  describe.skipIf(skip !== undefined)(`training records (${name})`, () => {
    const opened: LedgerStore[] = [];
    afterEach(async () => {
      for (const ledger of opened.splice(0)) await ledger.close();
    });

    it('keeps every phase a person entered and every graded exercise, per person, oldest first', async () => {
      const ledger = await open();
      opened.push(ledger);
      await recordTrainingPhase(ledger, {
        person: 'Grace',
        phase: 1,
        change: 'started',
        reason: null,
        recordedBy: 'Ada',
        startedAt: '2026-11-01T09:00:00.000Z',
      });
      await recordTrainingPhase(ledger, {
        person: 'Linus',
        phase: 1,
        change: 'started',
        reason: null,
        recordedBy: 'Ada',
        startedAt: '2026-11-02T09:00:00.000Z',
      });
      await recordTrainingPhase(ledger, {
        person: 'Grace',
        phase: 2,
        change: 'overridden',
        reason: 'did the tour on paper',
        recordedBy: 'Ada',
        startedAt: '2026-11-05T09:00:00.000Z',
      });
      await recordTrainingExercise(ledger, {
        person: 'Grace',
        phase: 3,
        seed: 17,
        score: 57,
        passed: false,
        figures: { found: 2, seeded: 3, falseClaims: 1, recallPercent: 67 },
        problems: ['edited: repository/SPEC.md'],
        gradedAt: '2026-11-20T09:00:00.000Z',
      });
      expect(
        (await listTrainingPhases(ledger, 'Grace')).map((record) => [
          record.phase,
          record.change,
          record.reason,
        ]),
      ).toEqual([
        [1, 'started', null],
        [2, 'overridden', 'did the tour on paper'],
      ]);
      expect((await listTrainingPhases(ledger)).map((record) => record.person)).toEqual([
        'Grace',
        'Linus',
        'Grace',
      ]);
      expect(await listTrainingExercises(ledger, 'Grace')).toEqual([
        expect.objectContaining({
          phase: 3,
          seed: 17,
          score: 57,
          passed: false,
          figures: { found: 2, seeded: 3, falseClaims: 1, recallPercent: 67 },
          problems: ['edited: repository/SPEC.md'],
          gradedAt: '2026-11-20T09:00:00.000Z',
        }),
      ]);
      expect(await listTrainingExercises(ledger, 'Linus')).toEqual([]);
    });

    it('finds the runs of one plan file and nothing of other plans', async () => {
      const ledger = await open();
      opened.push(ledger);
      const at = '2026-11-01T09:00:00.000Z';
      await ledger.insert('plans', [
        {
          id: 'pln_tour',
          feature: 'Text tools',
          sourcePath: 'plan.yaml',
          contentHash: 'a',
          document: '{}',
          createdAt: at,
        },
        {
          id: 'pln_other',
          feature: 'Other',
          sourcePath: 'plans/other.yaml',
          contentHash: 'b',
          document: '{}',
          createdAt: at,
        },
      ]);
      const component = (id: string, planId: string) => ({
        id,
        planId,
        key: 'truncate',
        title: 'Truncate',
        kind: 'library',
        triage: 'orchestrate',
        ownerRole: null,
        estimateHours: 0.5,
        status: 'done' as const,
        triageReasons: null,
        statusReason: null,
        createdAt: at,
        updatedAt: at,
      });
      await ledger.insert('components', [
        component('cmp_tour', 'pln_tour'),
        component('cmp_other', 'pln_other'),
      ]);
      await ledger.insert('reviews', [
        {
          id: 'rev_1',
          componentId: 'cmp_other',
          attemptId: null,
          reviewer: 'Grace',
          decision: 'accept',
          reason: null,
          createdAt: at,
          reviewedCommit: null,
          checksOutcome: null,
        },
      ]);
      const records = await planFileRecords(ledger, 'plan.yaml');
      expect(records.plans.map((plan) => plan.id)).toEqual(['pln_tour']);
      expect(records.components.map((row) => row.id)).toEqual(['cmp_tour']);
      expect(records.reviews).toEqual([]);
      expect((await planFileRecords(ledger, 'missing.yaml')).plans).toEqual([]);
    });
  });
}

const directory = mkdtempSync(join(tmpdir(), 'baton-training-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let sqliteFiles = 0;

describeTraining('sqlite', () => openSqliteLedger({ path: join(directory, `ledger-${++sqliteFiles}.db`) }));

describeTraining(
  'postgres',
  async () => {
    if (!('adminUrl' in postgres)) throw new Error(postgres.skipped);
    return openPostgresLedger({ url: await createTestDatabase(postgres.adminUrl) });
  },
  'skipped' in postgres ? postgres.skipped : undefined,
);
