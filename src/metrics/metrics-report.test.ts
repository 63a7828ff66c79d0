import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMetricsLedger } from '../../test/support/seed-metrics-ledger.js';
import type { LedgerStore } from '../ledger/index.js';
import { openSqliteLedger } from '../ledger/index.js';
import { buildMetricsReport, type MetricsReport } from './metrics-report.js';

let ledger: LedgerStore;
let report: MetricsReport;
const now = new Date('2026-11-24T12:00:00.000Z');

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: ':memory:' });
  await seedMetricsLedger(ledger);
  report = await buildMetricsReport(ledger, {}, now);
});
afterAll(() => ledger.close());

describe('time allocation', () => {
  it('sums hours per person and activity, with shares', () => {
    const [ada, ben] = report.timeAllocation.people;
    expect(ada?.who).toBe('ada');
    expect(ada?.totalHours).toBeCloseTo(4.25, 10);
    expect(ada?.hours).toEqual({
      planning: 1,
      prompting: 1.25,
      writing: 0,
      reviewing: 0.25,
      debugging: 1.5,
      communication: 0.25,
    });
    expect(ben?.totalHours).toBeCloseTo(3.5, 10);
    expect(ben?.hours).toEqual({
      planning: 0,
      prompting: 0.25,
      writing: 2,
      reviewing: 0.75,
      debugging: 0.25,
      communication: 0.25,
    });
    const team = report.timeAllocation.team;
    expect(team.totalHours).toBeCloseTo(7.75, 10);
    expect(team.shares.writing).toBeCloseTo(2 / 7.75, 10);
    expect(team.shares.reviewing).toBeCloseTo(1 / 7.75, 10);
  });

  it('measures the distance to both of the article’s profiles', () => {
    const [ada, ben] = report.timeAllocation.people;
    // ada: |1.25-.25·4.25| + |.25-.3·4.25| + |1.5-.2·4.25| + |1-.2·4.25| + |.25-.05·4.25|, halved, over 4.25
    expect(ada?.distance.orchestrator).toBeCloseTo((0.1875 + 1.025 + 0.65 + 0.15 + 0.0375) / 2 / 4.25, 10);
    expect(ada?.closestProfile).toBe('orchestrator');
    // ben wrote 2 of 3.5 hours by hand: closer to the traditional profile.
    expect(ben?.closestProfile).toBe('traditional');
  });
});

describe('productivity', () => {
  it('sets each component’s direct estimate against measured write, review and debug time', () => {
    const rows = Object.fromEntries(report.productivity.components.map((row) => [row.name, row]));
    expect(rows.schema).toMatchObject({
      directEstimateHours: 2,
      writeHours: 0.5,
      reviewHours: 0.25,
      debugHours: 0.5,
      totalHours: 1.25,
      ratio: 1.6,
    });
    expect(rows.schema).toMatchObject({ inputTokens: 2200, outputTokens: 500 });
    expect(rows.schema?.costUsd).toBeCloseTo(0.025, 10);
    expect(rows.api).toMatchObject({ totalHours: 1, ratio: 3, inputTokens: 3500, outputTokens: 900 });
    expect(rows.integration).toMatchObject({
      writeHours: 2,
      totalHours: 2,
      ratio: 2,
      inputTokens: 0,
      costUsd: 0,
    });
    expect(rows.tests?.ratio).toBeCloseTo(1 / 1.5, 10);
  });

  it('totals the feature and names where orchestration lost, with why', () => {
    const [feature] = report.productivity.features;
    expect(feature).toMatchObject({
      name: 'Notification preferences',
      directEstimateHours: 11.5,
      writeHours: 3.5,
      reviewHours: 1,
      debugHours: 1.75,
    });
    expect(feature?.totalHours).toBeCloseTo(6.25, 10);
    expect(feature?.ratio).toBeCloseTo(11.5 / 6.25, 10);
    expect(feature).toMatchObject({ inputTokens: 8000, outputTokens: 1900 });
    expect(feature?.costUsd).toBeCloseTo(0.088, 10);
    expect(report.productivity.losses).toEqual([
      {
        component: 'integration',
        feature: 'Notification preferences',
        outcome: 'written directly',
        reasons: ['legacy integration: src/notify/client.ts has 12 authors over 6 years'],
      },
      {
        component: 'tests',
        feature: 'Notification preferences',
        outcome: 'escalated',
        reasons: ['3 attempts failed: tests/preferences.test.ts still failing'],
      },
    ]);
  });
});

describe('quality', () => {
  it('counts first-pass acceptance, attempts, findings per check and where defects were caught', () => {
    expect(report.quality).toEqual({
      componentsAttempted: 4,
      firstPassAccepted: 1,
      firstPassRate: 0.25,
      attemptsPerComponent: {
        mean: 2,
        max: 3,
        histogram: [
          { attempts: 1, components: 1 },
          { attempts: 2, components: 2 },
          { attempts: 3, components: 1 },
        ],
      },
      findingsByCheck: [
        { checkId: 'tests', count: 3, rules: [{ ruleId: 'tests/failed', count: 3 }] },
        {
          checkId: 'sql',
          count: 2,
          rules: [
            { ruleId: 'sql/foreign-key-without-index', count: 1 },
            { ruleId: 'sql/one-per-parent-needs-unique', count: 1 },
          ],
        },
        { checkId: 'api', count: 1, rules: [{ ruleId: 'api/missing-export', count: 1 }] },
      ],
      review: { accepted: 3, acceptedByPolicy: 0, merged: 0, mergedByPolicy: 0, baseBranches: [] },
      // The unique constraint, the missing export and one failing test repeated over three attempts;
      // the index warning did not block the gate.
      defects: { caughtByGate: 3, gateFindings: 6, rejectedInReview: 1, foundLater: 1, gateCatchRate: 0.6 },
    });
  });
});

describe('economics', () => {
  it('totals tokens and money per model and per day, and counts unpriced calls', () => {
    const { economics } = report;
    expect(economics).toMatchObject({ calls: 8, inputTokens: 8000, outputTokens: 1900, unpricedCalls: 1 });
    expect(economics.costUsd).toBeCloseTo(0.088, 10);
    expect(economics.byModel.map((spend) => [spend.model, spend.calls, spend.inputTokens])).toEqual([
      ['gpt-5', 5, 6500],
      ['qwen-coder', 3, 1500],
    ]);
    expect(economics.byDay.map((day) => day.day)).toEqual(['2026-11-20', '2026-11-21']);
    expect(economics.byDay[0]?.costUsd).toBeCloseTo(0.075, 10);
  });
});

describe('filters', () => {
  it('keeps only what happened since a time', async () => {
    const since = await buildMetricsReport(ledger, { since: '2026-11-21T00:00:00.000Z' }, now);
    expect(since.quality.componentsAttempted).toBe(2);
    expect(since.economics.calls).toBe(4);
    expect(since.timeAllocation.team.totalHours).toBeCloseTo(4.5, 10);
  });

  it('keeps only one feature, and nothing for an unknown one', async () => {
    const known = await buildMetricsReport(ledger, { feature: 'Notification preferences' }, now);
    expect(known.quality.componentsAttempted).toBe(4);
    // Time logged against no component belongs to no feature.
    expect(known.timeAllocation.team.totalHours).toBeCloseTo(7.75 - 1 - 0.5, 10);
    const unknown = await buildMetricsReport(ledger, { feature: 'Billing' }, now);
    expect(unknown.quality.componentsAttempted).toBe(0);
    expect(unknown.economics.calls).toBe(0);
  });
});
