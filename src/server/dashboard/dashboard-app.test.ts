import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMetricsLedger } from '../../../test/support/seed-metrics-ledger.js';
import { createManualClock } from '../../core/clock.js';
import type { LedgerStore } from '../../ledger/index.js';
import { openSqliteLedger } from '../../ledger/index.js';
import type { MetricsReport } from '../../metrics/index.js';
import { createDashboardApp } from './dashboard-app.js';
import { startDashboard } from './start-dashboard.js';

const clock = createManualClock('2026-11-24T12:00:00.000Z');
let ledger: LedgerStore;

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: ':memory:' });
  await seedMetricsLedger(ledger);
});
afterAll(() => ledger.close());

describe('dashboard pages and API', () => {
  const app = () => createDashboardApp({ ledger, clock });

  it('serves the overview with runs, charts and metrics', async () => {
    const response = await app().request('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<tr data-run="run_1">');
    expect(html).toContain('<canvas id="chart-time">');
    expect(html).toContain('First-pass acceptance: 1 of 4 components (25%)');
    // One of the run's calls had no price: its cost is not shown as if it were known.
    expect(html).toContain('<td>$0.0880 + unknown</td>');
  });

  it('shows a run’s components with attempts and reviews, and an attempt’s prompt, response and findings', async () => {
    const run = await (await app().request('/runs/run_1')).text();
    expect(run).toContain('href="/attempts/att_schema_1"');
    expect(run).toContain('#1 findings (2 findings)');
    expect(run).toContain('<span class="decision-accept">accept</span> by ben');
    const attempt = await (await app().request('/attempts/att_schema_1')).text();
    expect(attempt).toContain('Create a PostgreSQL schema for user notification preferences.');
    expect(attempt).toContain('Response from openai:gpt-5');
    expect(attempt).toContain('sql/one-per-parent-needs-unique');
    expect((await app().request('/attempts/att_nope')).status).toBe(404);
  });

  it('answers the metrics API with the same numbers as the report, filtered by the query', async () => {
    const all = (await (await app().request('/api/metrics')).json()) as MetricsReport;
    expect(all.quality.firstPassRate).toBe(0.25);
    const since = (await (await app().request('/api/metrics?since=2026-11-21')).json()) as MetricsReport;
    expect(since.economics.calls).toBe(4);
    expect((await app().request('/api/metrics?since=whenever')).status).toBe(400);
  });

  it('escapes what the ledger holds', async () => {
    const text = '<script>alert(1)</script>';
    await ledger.insert('reviews', [
      {
        id: 'rev_x',
        componentId: 'cmp_form',
        attemptId: 'att_form_1',
        reviewer: 'eve',
        decision: 'annotate',
        reason: text,
        createdAt: '2026-11-22T00:00:00.000Z',
      },
    ]);
    const run = await (await app().request('/runs/run_1')).text();
    expect(run).not.toContain(text);
    expect(run).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    await ledger.db.deleteFrom('reviews').where('id', '=', 'rev_x').execute();
  });

  it('refuses writes unless they were allowed, and validates the body when they are', async () => {
    const body = JSON.stringify({ reviewer: 'ada', note: 'check the index name' });
    const headers = { 'content-type': 'application/json' };
    const before = (await ledger.counts()).reviews;
    const refused = await app().request('/api/components/cmp_schema/annotations', {
      method: 'POST',
      body,
      headers,
    });
    expect(refused.status).toBe(403);
    expect((await ledger.counts()).reviews).toBe(before);

    const writable = createDashboardApp({ ledger, clock, allowWrites: true });
    const bad = await writable.request('/api/components/cmp_schema/annotations', {
      method: 'POST',
      body: '{"note":1}',
      headers,
    });
    expect(bad.status).toBe(400);
    const created = await writable.request('/api/components/cmp_schema/annotations', {
      method: 'POST',
      body,
      headers,
    });
    expect(created.status).toBe(201);
    const reviews = await ledger.rows('reviews');
    expect(reviews.filter((review) => review.decision === 'annotate')).toEqual([
      expect.objectContaining({ componentId: 'cmp_schema', reviewer: 'ada', reason: 'check the index name' }),
    ]);
    const [last] = (await ledger.readEvents({ limit: 10_000 })).slice(-1);
    expect(last?.event).toMatchObject({ type: 'review-decision', decision: 'annotate' });
  });
});

describe('dashboard tokens', () => {
  it('requires the token on every route when one is set', async () => {
    const app = createDashboardApp({ ledger, clock, token: 's3cret-token' });
    expect((await app.request('/')).status).toBe(401);
    expect((await app.request('/api/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    expect(
      (await app.request('/api/metrics', { headers: { authorization: 'Bearer s3cret-token' } })).status,
    ).toBe(200);
    const viaQuery = await app.request('/?token=s3cret-token');
    expect(viaQuery.status).toBe(200);
    const cookie = viaQuery.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^baton_dashboard_token=/);
    expect((await app.request('/api/runs', { headers: { cookie } })).status).toBe(200);
  });

  it('refuses an unauthenticated request to a dashboard bound beyond localhost', async () => {
    const dashboard = await startDashboard({ ledger, clock, host: '0.0.0.0', port: 0 });
    try {
      expect(dashboard.token).toMatch(/^[\w-]{32}$/);
      const base = `http://127.0.0.1:${dashboard.port}`;
      const refused = await fetch(`${base}/api/runs`);
      expect(refused.status).toBe(401);
      const allowed = await fetch(`${base}/api/runs`, {
        headers: { authorization: `Bearer ${dashboard.token}` },
      });
      expect(allowed.status).toBe(200);
      expect(dashboard.url).toContain(`?token=${dashboard.token}`);
    } finally {
      await dashboard.close();
    }
  });

  it('needs no token on loopback unless one is given', async () => {
    const dashboard = await startDashboard({ ledger, clock, port: 0 });
    try {
      expect(dashboard.token).toBeUndefined();
      expect((await fetch(`http://127.0.0.1:${dashboard.port}/api/runs`)).status).toBe(200);
    } finally {
      await dashboard.close();
    }
  });
});
