import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMetricsLedger } from '../../../test/support/seed-metrics-ledger.js';
import { createManualClock } from '../../core/clock.js';
import { resolveTeamPerson } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import { addTeamPerson, openSqliteLedger } from '../../ledger/index.js';
import { createDashboardApp } from './dashboard-app.js';
import { startDashboard } from './start-dashboard.js';

const clock = createManualClock('2026-11-24T12:00:00.000Z');
let ledger: LedgerStore;

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: ':memory:' });
  await seedMetricsLedger(ledger);
  await addTeamPerson(ledger, 'Grace', { role: 'junior' }, { person: 'Ada', at: '2026-11-19T09:00:00.000Z' });
  await ledger.insert('reviews', [
    {
      id: 'rev_policy',
      componentId: 'cmp_form',
      attemptId: 'att_form_1',
      reviewer: 'policy',
      decision: 'accept',
      reason: 'accepted without review by --yes',
      createdAt: '2026-11-21T09:40:00.000Z',
    },
  ]);
});
afterAll(() => ledger.close());

const team = {
  people: [
    resolveTeamPerson({ name: 'Ada', role: 'senior' }),
    resolveTeamPerson({ name: 'Ben', role: 'mid' }),
  ],
  repository: undefined,
  configuredChecks: ['types', 'api', 'tests', 'edge-cases', 'security', 'performance', 'sql'],
  isDocumented: () => false,
};

describe('the team and audit pages', () => {
  const app = () => createDashboardApp({ ledger, clock, team });

  it('shows the team against the article, each person, and the role history', async () => {
    const response = await app().request('/team');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<p id="composition-summary">Matches the article&#39;s 1:1:1 for 3 people.</p>');
    expect(html).toMatch(
      /<tr data-person="Ben"><td>Ben<\/td><td>mid<\/td><td>–<\/td><td>2<\/td><td>1 \(50%\)<\/td><td>3<\/td><td>2<\/td><td>22.5 min<\/td><td>1<\/td><td>1<\/td>/,
    );
    expect(html).toContain('2026-11-19 Grace: added as junior by Ada');
    expect(html).toContain(
      '<a href="/team">Team</a><a href="/training">Training</a><a href="/audit">Audit</a>',
    );
    const json = (await (await app().request('/api/team')).json()) as { people: { name: string }[] };
    expect(json.people.map((person) => person.name)).toEqual(['Ada', 'Ben', 'Grace']);
  });

  it('lists the audit findings by week and each with its rows', async () => {
    const html = await (await app().request('/audit')).text();
    expect(html).toContain('<tr data-week="2026-11-16">');
    expect(html).toContain('data-rule="accepted-without-review"');
    expect(html).toContain('reviews:rev_policy');
    const json = (await (await app().request('/api/audit?since=2026-11-21')).json()) as {
      counts: Record<string, number>;
    };
    expect(json.counts).toEqual({
      'trusting-ai-completely': 1,
      'poor-prompting': 1,
      'skipping-verification': 0,
      'orchestrating-everything': 0,
      'not-documenting-prompts': 0,
    });
  });

  it('serves the team page over real HTTP from the running dashboard', async () => {
    const dashboard = await startDashboard({ ledger, clock, port: 0, team });
    try {
      const response = await fetch(`${dashboard.url}team`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<table id="people">');
    } finally {
      await dashboard.close();
    }
  });
});
