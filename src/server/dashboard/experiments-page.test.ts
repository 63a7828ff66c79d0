import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../core/clock.js';
import type { LedgerStore } from '../../ledger/index.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { firstPassOutcomes, seedExperiment } from '../../metrics/__fixtures__/seed-experiment.js';
import type { ExperimentSummary } from '../../metrics/index.js';
import { createDashboardApp } from './dashboard-app.js';

const clock = createManualClock('2026-12-02T12:00:00.000Z');
let ledger: LedgerStore;

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: ':memory:' });
  await seedExperiment(ledger, 'exp_old', [
    { key: 'A', baseline: true, samples: firstPassOutcomes(2, 4) },
    { key: 'B', samples: firstPassOutcomes(3, 4) },
  ]);
  await seedExperiment(
    ledger,
    'exp_<new>',
    [
      { key: 'plain', baseline: true, samples: firstPassOutcomes(11, 20) },
      { key: 'examples', samples: firstPassOutcomes(18, 20) },
    ],
    { component: 'api', createdAt: '2026-12-02T10:00:00.000Z' },
  );
});
afterAll(() => ledger.close());

describe('the dashboard’s experiments page', () => {
  const app = () => createDashboardApp({ ledger, clock });

  it('lists experiments newest first with their rates and verdicts, escaped', async () => {
    const response = await app().request('/experiments');
    expect(response.status).toBe(200);
    const html = await response.text();
    const newer = html.indexOf('data-experiment="exp_&lt;new&gt;"');
    const older = html.indexOf('data-experiment="exp_old"');
    expect(newer).toBeGreaterThan(-1);
    expect(older).toBeGreaterThan(newer);
    expect(html).not.toContain('exp_<new>');
    expect(html).toContain('examples: 18/20 (90%, 95% CI 70%–97%)');
    expect(html).toContain('examples passes first time more often: 18/20 against plain 11/20 (p = 0.031).');
    expect(html).toContain('Too close to call: B passes first time 3/4 against A 2/4');
    expect(html).toContain('<a href="/experiments">Experiments</a>');
  });

  it('shows one experiment, its report with charts and its JSON', async () => {
    const page = await (await app().request('/experiments/exp_old')).text();
    expect(page).toContain('Blocking findings by rule');
    expect(page).toContain('href="/experiments/exp_old/report"');
    const report = await (await app().request('/experiments/exp_old/report')).text();
    expect(report).toContain('<canvas id="chart-pass-rate">');
    const summary = (await (await app().request('/api/experiments/exp_old')).json()) as ExperimentSummary;
    expect(summary.variants.map((variant) => variant.firstPass.count)).toEqual([2, 3]);
    const all = (await (await app().request('/api/experiments')).json()) as ExperimentSummary[];
    expect(all.map((entry) => entry.id)).toEqual(['exp_<new>', 'exp_old']);
    expect((await app().request('/experiments/exp_none')).status).toBe(404);
    expect((await app().request('/api/experiments/exp_none')).status).toBe(404);
  });
});
