import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../core/clock.js';
import { policyReviewer } from '../../ledger/schema.js';
import { type SeededReviewRun, seedReviewRun } from './__fixtures__/review-run.js';
import { findReviewRun } from './review-run.js';
import { runReviewSession } from './review-session.js';

let seeded: SeededReviewRun | undefined;
afterEach(() => {
  seeded?.repository.remove();
  seeded = undefined;
});

describe('a review by policy', () => {
  it('records the decision as made by policy, with no one’s reviewing time', async () => {
    seeded = await seedReviewRun();
    const ledger = await seeded.openLedger();
    try {
      const before = (await ledger.rows('activityIntervals')).length;
      const result = await runReviewSession({
        ledger,
        repository: seeded.repository.root,
        dataDir: `${seeded.repository.root}/.baton`,
        reviewRun: await findReviewRun(ledger),
        baseBranch: 'main',
        reviewer: 'ada',
        clock: createManualClock('2026-11-24T10:00:00.000Z'),
        recheck: async () => ({ passed: true, report: { findings: [], checks: [] } }) as never,
        policy: { yes: true, includeMandatory: true },
      });
      expect(result.decisions.map((decision) => decision.decision)).toEqual(['accept', 'accept', 'accept']);
      const reviews = await ledger.rows('reviews');
      expect(reviews).toHaveLength(3);
      expect(reviews.every((review) => review.reviewer === policyReviewer)).toBe(true);
      expect(reviews.every((review) => review.reason?.startsWith('accepted without review by --yes'))).toBe(
        true,
      );
      expect(await ledger.rows('activityIntervals')).toHaveLength(before);
      const events = await ledger.rows('events');
      expect(events.filter((event) => event.type === 'review-decision')).toHaveLength(3);
      expect(events.filter((event) => event.type === 'activity')).toHaveLength(0);
    } finally {
      await ledger.close();
    }
  }, 60_000);
});
