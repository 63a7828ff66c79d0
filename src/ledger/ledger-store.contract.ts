import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import type { BatonEvent } from '../core/index.js';
import { sql } from './kysely.js';
import type { LedgerStore } from './ledger-store.js';
import { latestSchemaVersion } from './migrate.js';
import { prepareQuery } from './prepared-query.js';
import { ledgerTableNames } from './schema.js';

/** Opens one ledger; calling it again opens the same ledger again. */
export type LedgerOpener = (options?: { readOnly?: boolean }) => Promise<LedgerStore>;
/** Returns an opener for a fresh, empty ledger. */
export type FreshLedger = () => Promise<LedgerOpener>;

const at = '2026-11-24T09:30:00.000Z';

function activityEvent(index: number, runId?: string): BatonEvent {
  return {
    type: 'activity',
    at,
    runId,
    person: 'ada',
    activity: 'reviewing',
    startedAt: at,
    endedAt: at,
    componentId: `component-${index}`,
  };
}

/** Seeds one row in every table, in reference order; returns the ids. */
async function seedEveryTable(store: LedgerStore) {
  await store.insert('plans', [
    {
      id: 'pln_1',
      feature: 'Notification preferences',
      sourcePath: 'plan.yaml',
      contentHash: 'abc',
      document: '{"components":[]}',
      createdAt: at,
    },
  ]);
  await store.insert('runs', [
    {
      id: 'run_1',
      planId: 'pln_1',
      status: 'running',
      startedAt: at,
      endedAt: null,
      budgetUsd: 2.5,
      options: '{"concurrency":2}',
    },
  ]);
  await store.insert('components', [
    {
      id: 'cmp_1',
      planId: 'pln_1',
      key: 'schema',
      title: 'Database schema',
      kind: 'schema',
      triage: 'orchestrate+verify',
      ownerRole: 'senior',
      estimateHours: 1.5,
      status: 'pending',
      triageReasons: '["security-sensitive: path migrations/ matched"]',
      statusReason: null,
      createdAt: at,
      updatedAt: at,
    },
  ]);
  await store.insert('attempts', [
    {
      id: 'att_1',
      runId: 'run_1',
      componentId: 'cmp_1',
      number: 1,
      status: 'running',
      worktree: null,
      branch: 'baton/run_1/schema/1',
      startedAt: at,
      endedAt: null,
    },
  ]);
  await store.insert('prompts', [
    {
      id: 'prm_1',
      componentId: 'cmp_1',
      attemptId: 'att_1',
      text: 'Create a table',
      hash: 'h1',
      tokens: 42,
      createdAt: at,
    },
  ]);
  await store.insert('responses', [
    {
      id: 'rsp_1',
      promptId: 'prm_1',
      attemptId: 'att_1',
      provider: 'replay',
      model: 'demo',
      text: '```sql\n```',
      finishReason: 'stop',
      durationMs: 12,
      createdAt: at,
    },
  ]);
  await store.insert('edits', [
    {
      id: 'edt_1',
      attemptId: 'att_1',
      responseId: 'rsp_1',
      path: 'migrations/001.sql',
      format: 'file',
      content: 'create table x ();',
      status: 'applied',
      error: null,
      createdAt: at,
    },
  ]);
  await store.insert('findings', [
    {
      id: 'fnd_1',
      runId: 'run_1',
      attemptId: 'att_1',
      checkId: 'sql',
      ruleId: 'one-per-parent-needs-unique',
      severity: 'error',
      file: 'migrations/001.sql',
      line: 3,
      column: 3,
      endLine: 3,
      endColumn: 40,
      message: 'user_id has no UNIQUE constraint',
      hint: 'Add UNIQUE',
      cwe: null,
      createdAt: at,
    },
  ]);
  await store.insert('reviews', [
    {
      id: 'rev_1',
      componentId: 'cmp_1',
      attemptId: 'att_1',
      reviewer: 'ada',
      decision: 'accept',
      reason: null,
      createdAt: at,
      reviewedCommit: 'a1b2c3d',
    },
  ]);
  await store.insert('merges', [
    {
      id: 'mrg_1',
      runId: 'run_1',
      componentId: 'cmp_1',
      attemptId: 'att_1',
      baseBranch: 'main',
      branch: 'baton/run_1/schema/1',
      branchCommit: 'a1b2c3d',
      mergeCommit: 'e4f5a6b',
      mergedBy: 'ada',
      createdAt: at,
    },
  ]);
  await store.insert('activityIntervals', [
    {
      id: 'act_1',
      person: 'ada',
      activity: 'reviewing',
      componentId: 'cmp_1',
      runId: 'run_1',
      startedAt: at,
      endedAt: '2026-11-24T09:45:00.000Z',
      source: 'recorded',
    },
  ]);
  await store.insert('costs', [
    {
      id: 'cst_1',
      runId: 'run_1',
      attemptId: 'att_1',
      responseId: 'rsp_1',
      provider: 'replay',
      model: 'demo',
      inputTokens: 1200,
      outputTokens: 300,
      usd: 0.0125,
      createdAt: at,
    },
  ]);
  await store.insert('defects', [
    {
      id: 'dfc_1',
      componentId: 'cmp_1',
      person: 'ada',
      severity: 'high',
      description: 'duplicate rows per user',
      foundAt: at,
    },
  ]);
  await store.appendEvents([activityEvent(1, 'run_1')]);
}

/** The behaviour every `LedgerStore` must have, run against each implementation. */
export function describeLedgerStoreContract(
  name: string,
  freshLedger: FreshLedger,
  skipReason?: string,
): void {
  describe.skipIf(skipReason !== undefined)(`LedgerStore contract: ${name}`, () => {
    const opened: LedgerStore[] = [];
    const open = async (opener: LedgerOpener, options?: { readOnly?: boolean }) => {
      const store = await opener(options);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('starts empty at the latest schema version', async () => {
      const store = await open(await freshLedger());
      expect(store.schemaVersion).toBe(latestSchemaVersion());
      const counts = await store.counts();
      expect(Object.keys(counts).sort()).toEqual([...ledgerTableNames].sort());
      expect(Object.values(counts).every((count) => count === 0)).toBe(true);
    });

    it('keeps a row in every table and reads it back unchanged', async () => {
      const store = await open(await freshLedger());
      await seedEveryTable(store);
      const counts = await store.counts();
      for (const table of ledgerTableNames) expect(counts[table], table).toBe(1);
      expect(await store.rows('costs')).toEqual([
        {
          id: 'cst_1',
          runId: 'run_1',
          attemptId: 'att_1',
          responseId: 'rsp_1',
          provider: 'replay',
          model: 'demo',
          inputTokens: 1200,
          outputTokens: 300,
          usd: 0.0125,
          createdAt: at,
        },
      ]);
      const [run] = await store.rows('runs');
      expect(run).toMatchObject({ startedAt: at, endedAt: null, budgetUsd: 2.5 });
      expect(JSON.parse(run?.options ?? 'null')).toEqual({ concurrency: 2 });
      const [component] = await store.rows('components');
      expect(component?.estimateHours).toBe(1.5);
    });

    it('persists across reopening and does not migrate twice', async () => {
      const opener = await freshLedger();
      const first = await opener();
      await seedEveryTable(first);
      await first.close();
      const second = await open(opener);
      expect(second.schemaVersion).toBe(latestSchemaVersion());
      expect((await second.counts()).findings).toBe(1);
    });

    it('appends events in order and reads them back by sequence and run', async () => {
      const store = await open(await freshLedger());
      await store.insert('plans', [
        { id: 'pln_1', feature: 'f', sourcePath: null, contentHash: 'h', document: '{}', createdAt: at },
      ]);
      const firstLast = await store.appendEvents([activityEvent(1, 'run_a'), activityEvent(2, 'run_b')]);
      const secondLast = await store.appendEvents([activityEvent(3, 'run_a')]);
      expect(secondLast).toBeGreaterThan(firstLast);
      const all = await store.readEvents();
      expect(all.map((stored) => (stored.event as { componentId: string }).componentId)).toEqual([
        'component-1',
        'component-2',
        'component-3',
      ]);
      expect(all[0]?.event).toEqual(activityEvent(1, 'run_a'));
      const afterFirst = await store.readEvents({ afterSequence: all[0]?.sequence ?? 0, runId: 'run_a' });
      expect(afterFirst).toHaveLength(1);
      expect(afterFirst[0]?.sequence).toBe(secondLast);
    });

    it('writes a batch larger than one statement atomically', async () => {
      const store = await open(await freshLedger());
      const batch = Array.from({ length: 20_000 }, (_, index) => activityEvent(index));
      await store.appendEvents(batch);
      expect((await store.counts()).events).toBe(20_000);

      const broken = [...batch, { ...activityEvent(0), type: null } as unknown as BatonEvent];
      const failure = await store.appendEvents(broken).catch((error: unknown) => error);
      expect(BatonError.isInstance(failure) && failure.code).toBe('LEDGER_WRITE_FAILED');
      expect((await store.counts()).events).toBe(20_000);
    });

    it('runs a prepared query again with new values, in and out of transactions', async () => {
      const store = await open(await freshLedger());
      await seedEveryTable(store);
      const rename = prepareQuery<{ title: string; id: string }>((db, value) =>
        db
          .updateTable('components')
          .set({ title: value('title') })
          .where('id', '=', value('id')),
      );
      const titleOf = prepareQuery<{ id: string }, { title: string }>((db, value) =>
        db.selectFrom('components').select('title').where('id', '=', value('id')).limit(1),
      );
      await rename.execute(store.db, { title: 'First title', id: 'cmp_1' });
      expect((await titleOf.execute(store.db, { id: 'cmp_1' })).rows).toEqual([{ title: 'First title' }]);
      await store.transaction((writer) => rename.execute(writer.db, { title: 'Second title', id: 'cmp_1' }));
      expect((await titleOf.execute(store.db, { id: 'cmp_1' })).rows).toEqual([{ title: 'Second title' }]);
      // A value that looks like nothing special is a parameter, never SQL.
      await rename.execute(store.db, { title: "x' where 1 = 1; --", id: 'cmp_1' });
      expect((await titleOf.execute(store.db, { id: 'cmp_1' })).rows).toEqual([
        { title: "x' where 1 = 1; --" },
      ]);
      expect((await titleOf.execute(store.db, { id: 'cmp_missing' })).rows).toEqual([]);
    });

    it('rolls back every write of a failed transaction and returns the caller’s own error', async () => {
      const store = await open(await freshLedger());
      const ownError = new Error('the engine gave up');
      const failure = await store
        .transaction(async (writer) => {
          await writer.insert('plans', [
            { id: 'pln_1', feature: 'f', sourcePath: null, contentHash: 'h', document: '{}', createdAt: at },
          ]);
          await writer.appendEvents([activityEvent(1)]);
          throw ownError;
        })
        .catch((error: unknown) => error);
      expect(failure).toBe(ownError);
      const counts = await store.counts();
      expect(counts.plans).toBe(0);
      expect(counts.events).toBe(0);
    });

    it('refuses a row that references nothing, with a typed error', async () => {
      const store = await open(await freshLedger());
      const failure = await store
        .insert('attempts', [
          {
            id: 'att_x',
            runId: 'run_missing',
            componentId: 'cmp_missing',
            number: 1,
            status: 'running',
            worktree: null,
            branch: null,
            startedAt: at,
            endedAt: null,
          },
        ])
        .catch((error: unknown) => error);
      expect(BatonError.isInstance(failure)).toBe(true);
      expect((failure as BatonError).code).toBe('LEDGER_WRITE_FAILED');
      expect((failure as BatonError).message).toContain('attempts');
    });

    it('exports every table with JSON columns parsed', async () => {
      const store = await open(await freshLedger());
      await seedEveryTable(store);
      const exported = await store.exportAll();
      expect(exported.format).toBe('baton-ledger');
      expect(exported.schemaVersion).toBe(latestSchemaVersion());
      expect(Object.keys(exported.tables).sort()).toEqual([...ledgerTableNames].sort());
      expect(exported.tables.runs[0]?.options).toEqual({ concurrency: 2 });
      expect(exported.tables.events[0]?.payload).toEqual(activityEvent(1, 'run_1'));
      expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    });

    it('refuses a ledger written by a newer schema and changes nothing', async () => {
      const opener = await freshLedger();
      const first = await opener();
      await sql`insert into baton_migration (name, timestamp) values ('0999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        first.db,
      );
      await first.close();
      const failure = await opener().catch((error: unknown) => error);
      expect(BatonError.isInstance(failure)).toBe(true);
      expect((failure as BatonError).code).toBe('LEDGER_SCHEMA_TOO_NEW');
      expect((failure as BatonError).message).toContain('schema version 999');
      expect((failure as BatonError).hint).toContain('Upgrade Baton');
    });

    it('opened read-only, reads everything and refuses every write, as does the database itself', async () => {
      const opener = await freshLedger();
      const writable = await opener();
      await seedEveryTable(writable);
      await writable.close();
      const store = await open(opener, { readOnly: true });
      expect(store.readOnly).toBe(true);
      expect((await store.counts()).findings).toBe(1);
      for (const write of [
        () => store.appendEvents([activityEvent(2)]),
        () =>
          store.insert('defects', [
            { id: 'dfc_2', componentId: null, person: 'ada', severity: 'low', description: 'x', foundAt: at },
          ]),
        () => store.transaction(async () => undefined),
      ]) {
        const failure = await write().catch((error: unknown) => error);
        expect(BatonError.isInstance(failure) && failure.code).toBe('LEDGER_READ_ONLY');
      }
      await expect(sql`delete from events`.execute(store.db)).rejects.toThrow(/read-?only/i);
      expect((await store.counts()).events).toBe(1);
    });

    it('refuses to open read-only a ledger that still needs migrating', async () => {
      const opener = await freshLedger();
      const writable = await opener();
      await sql`delete from baton_migration where name = '0002-outcomes-and-defects'`.execute(writable.db);
      await writable.close();
      const failure = await opener({ readOnly: true }).catch((error: unknown) => error);
      expect(BatonError.isInstance(failure) && failure.code).toBe('LEDGER_SCHEMA_OUTDATED');
      expect((failure as BatonError).hint).toContain('baton ledger status');
    });

    it('serves two open handles on one ledger, each seeing the other’s writes', async () => {
      const opener = await freshLedger();
      const left = await open(opener);
      const right = await open(opener);
      await left.appendEvents([activityEvent(1)]);
      expect((await right.counts()).events).toBe(1);
      await right.appendEvents([activityEvent(2)]);
      expect((await left.readEvents()).map((stored) => stored.sequence)).toHaveLength(2);
    });
  });
}
