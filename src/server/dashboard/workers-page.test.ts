import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkers } from '../../../test/support/seed-workers.js';
import { createManualClock } from '../../core/clock.js';
import type { LedgerStore } from '../../ledger/index.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { createDashboardApp } from './dashboard-app.js';
import type { WorkersOverview } from './workers-page.js';

const now = '2026-12-07T12:00:00.000Z';
let ledger: LedgerStore;

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: ':memory:' });
  await seedWorkers(ledger, new Date(now));
});
afterAll(() => ledger.close());

describe('the dashboard’s workers page', () => {
  const app = () => createDashboardApp({ ledger, clock: createManualClock(now) });

  it('shows queue depth, each worker’s state and its throughput', async () => {
    const response = await app().request('/workers');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<a href="/workers">Workers</a>');
    expect(page).toContain(
      '3 component(s) waiting and 1 running in 1 running run(s); 1 live worker(s) with 1 of 2 slot(s) busy.',
    );
    expect(page).not.toContain('wkr_<silent>');
    expect(page).toContain('data-worker="wkr_&lt;silent&gt;" class="worker-silent"');
    expect(page).toContain('data-worker="wkr_stopped" class="worker-stopped"');
    // Six done in the three minutes it has served.
    expect(page).toMatch(/data-worker="wkr_live" class="worker-live">.*<td>6<\/td><td>1<\/td><td>2\.0<\/td>/);

    const overview = (await (await app().request('/api/workers')).json()) as WorkersOverview;
    expect(overview.depth).toEqual({ waiting: 3, running: 1, runs: 1 });
    expect(overview.workers.map((worker) => [worker.id, worker.state])).toEqual([
      ['wkr_live', 'live'],
      ['wkr_<silent>', 'silent'],
      ['wkr_stopped', 'stopped'],
    ]);
    // The silent one's throughput is over the time until its last heartbeat: 2 in 10 minutes.
    expect(overview.workers[1]?.componentsPerMinute).toBeCloseTo(0.2);
  });

  it('says how to start a worker when none registered', async () => {
    const empty = await openSqliteLedger({ path: ':memory:' });
    try {
      const page = await (
        await createDashboardApp({ ledger: empty, clock: createManualClock(now) }).request('/workers')
      ).text();
      expect(page).toContain('No worker has registered');
      expect(page).toContain('0 component(s) waiting and 0 running in 0 running run(s)');
    } finally {
      await empty.close();
    }
  });
});
