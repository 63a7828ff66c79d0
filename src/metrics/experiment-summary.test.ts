import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../ledger/index.js';
import { openSqliteLedger } from '../ledger/index.js';
import { firstPassOutcomes, seedExperiment } from './__fixtures__/seed-experiment.js';
import { buildExperimentSummary } from './experiment-summary.js';

let ledger: LedgerStore | undefined;
afterEach(async () => {
  await ledger?.close();
  ledger = undefined;
});

async function open(): Promise<LedgerStore> {
  ledger = await openSqliteLedger({ path: ':memory:' });
  return ledger;
}

describe('experiment statistics on scripted outcomes', () => {
  it('states a clear difference with its counts and exact p', async () => {
    const store = await open();
    await seedExperiment(store, 'exp_clear', [
      { key: 'A', baseline: true, samples: firstPassOutcomes(11, 20) },
      { key: 'B', samples: firstPassOutcomes(18, 20) },
    ]);
    const summary = await buildExperimentSummary(store, 'exp_clear');
    const [a, b] = summary.variants;
    expect(a?.firstPass).toMatchObject({ count: 11, of: 20, rate: 0.55 });
    expect(b?.firstPass).toMatchObject({ count: 18, of: 20, rate: 0.9 });
    // Wilson 95 % for 18/20: 0.6990–0.9721 (Newcombe 1998's method 3 formula, computed to 4 decimals).
    expect(b?.firstPass.interval.lower).toBeCloseTo(0.699, 3);
    expect(b?.firstPass.interval.upper).toBeCloseTo(0.9721, 3);
    // Fisher two-sided for [[18, 2], [11, 9]]: 0.03095.
    expect(summary.firstPassComparisons[0]?.p).toBeCloseTo(0.03095, 5);
    expect(summary.verdicts).toEqual(['B passes first time more often: 18/20 against A 11/20 (p = 0.031).']);
    // Attempts: A has 9 samples at 2 attempts of 20 → mean 1.45; B 2 of 20 → 1.1.
    expect(a?.attempts.mean).toBeCloseTo(1.45, 10);
    expect(b?.attempts.mean).toBeCloseTo(1.1, 10);
    expect(a?.attempts.interval?.lower).toBeLessThan(1.45);
    expect(a?.attempts.interval?.upper).toBeGreaterThan(1.45);
    expect(a?.costUsd.total).toBeCloseTo(11 * 0.01 + 9 * 0.02, 10);
    expect(a?.blockingFindings).toEqual([{ ruleId: 'api/missing-export', count: 9 }]);
  });

  it('says when it is too close to call and how many samples would tell', async () => {
    const store = await open();
    await seedExperiment(store, 'exp_close', [
      { key: 'A', baseline: true, samples: firstPassOutcomes(11, 20) },
      { key: 'B', samples: firstPassOutcomes(13, 20) },
    ]);
    const summary = await buildExperimentSummary(store, 'exp_close');
    const comparison = summary.firstPassComparisons[0];
    expect(comparison?.significant).toBe(false);
    // Fisher two-sided for [[13, 7], [11, 9]] is 0.7475; 0.55 against 0.65 needs 376 per variant (Fleiss).
    expect(comparison?.p).toBeCloseTo(0.7475, 4);
    expect(comparison?.samplesNeeded).toBe(376);
    expect(summary.verdicts[0]).toBe(
      'Too close to call: B passes first time 13/20 against A 11/20 (p = 0.75); telling a difference this size apart needs about 376 samples per variant (α 0.05, 80 % power), 356 more than now.',
    );
  });

  it('corrects three variants with Holm and marks a variant whose provider failed as incomplete', async () => {
    const store = await open();
    await seedExperiment(store, 'exp_three', [
      { key: 'A', baseline: true, samples: firstPassOutcomes(11, 20) },
      { key: 'B', samples: firstPassOutcomes(18, 20) },
      {
        key: 'C',
        samples: [...firstPassOutcomes(3, 5), { status: 'failed' }],
        status: 'incomplete',
        statusReason: '1 of 6 samples have no result: The provider failed: 401',
      },
    ]);
    const summary = await buildExperimentSummary(store, 'exp_three');
    expect(summary.firstPassComparisons.map((comparison) => comparison.name)).toEqual(['B', 'C']);
    const [b] = summary.firstPassComparisons;
    expect(b?.adjustedP).toBeCloseTo(Math.min(1, 2 * (b?.p ?? 1)), 12);
    expect(b?.verdict).toContain('Holm-adjusted over 2 comparisons');
    const c = summary.variants[2];
    expect(c).toMatchObject({ planned: 6, finished: 5, status: 'incomplete' });
    expect(summary.verdicts.at(-1)).toBe(
      "C's results are incomplete: 1 of 6 samples have no result: The provider failed: 401.",
    );
  });

  it('names a missing experiment', async () => {
    const store = await open();
    await expect(buildExperimentSummary(store, 'exp_none')).rejects.toThrow(/No experiment "exp_none"/);
  });
});
