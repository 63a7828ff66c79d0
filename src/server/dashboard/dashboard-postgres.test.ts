import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/postgres-server.js';
import { seedMetricsLedger } from '../../../test/support/seed-metrics-ledger.js';
import { createManualClock } from '../../core/clock.js';
import type { LedgerStore } from '../../ledger/index.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { openPostgresLedger } from '../../ledger/postgres-store.js';
import { createDashboardApp } from './dashboard-app.js';

const postgres = inject('postgres');
const clock = createManualClock('2026-11-24T12:00:00.000Z');

describe.skipIf('skipped' in postgres)('the dashboard over a PostgreSQL ledger', () => {
  let sqlite: LedgerStore;
  let postgresLedger: LedgerStore;

  beforeAll(async () => {
    if (!('adminUrl' in postgres)) return;
    sqlite = await openSqliteLedger({ path: ':memory:' });
    await seedMetricsLedger(sqlite);
    const url = await createTestDatabase(postgres.adminUrl);
    const writer = await openPostgresLedger({ url });
    await seedMetricsLedger(writer);
    await writer.close();
    postgresLedger = await openPostgresLedger({ url, readOnly: true });
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgresLedger?.close();
  });

  it('answers every API route exactly as it does over SQLite', async () => {
    const overSqlite = createDashboardApp({ ledger: sqlite, clock });
    const overPostgres = createDashboardApp({ ledger: postgresLedger, clock });
    for (const route of [
      '/api/metrics',
      '/api/metrics?since=2026-11-21',
      '/api/runs',
      '/api/runs/run_1',
      '/api/attempts/att_schema_1',
    ]) {
      const [fromSqlite, fromPostgres] = await Promise.all([
        Promise.resolve(overSqlite.request(route)).then((response) => response.json()),
        Promise.resolve(overPostgres.request(route)).then((response) => response.json()),
      ]);
      expect(fromPostgres, route).toEqual(fromSqlite);
    }
  });

  it('serves the pages from a read-only connection', async () => {
    const response = await createDashboardApp({ ledger: postgresLedger, clock }).request('/runs/run_1');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('href="/attempts/att_schema_1"');
  });
});
