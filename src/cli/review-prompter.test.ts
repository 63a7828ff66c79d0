import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../core/clock.js';
import { BatonError } from '../core/errors.js';
import { type SeededReviewRun, seedReviewRun } from '../engine/review/__fixtures__/review-run.js';
import { findReviewRun, runReviewSession } from '../engine/review/index.js';
import { createTerminalPrompter } from './review-prompter.js';

let seeded: SeededReviewRun | undefined;
afterEach(() => {
  seeded?.repository.remove();
  seeded = undefined;
});

describe('the interactive review', () => {
  it('Ctrl-C at the choice cancels with exit 130 and records nothing', async () => {
    seeded = await seedReviewRun();
    const input = new PassThrough();
    const output = new PassThrough();
    let drawn = '';
    let pressed = false;
    output.on('data', (chunk: Buffer) => {
      drawn += chunk.toString();
      // The person presses Ctrl-C once the first choice is on the screen.
      if (!pressed && drawn.includes('what now?')) {
        pressed = true;
        setTimeout(() => input.write('\x03'), 50);
      }
    });
    let shown = '';
    const prompter = await createTerminalPrompter(
      {
        stdout: { write: (text: string) => (shown += text) },
        stderr: { write: () => true },
        cwd: '/',
        env: {},
      },
      { input, output },
    );
    const ledger = await seeded.openLedger();
    try {
      const failure = await runReviewSession({
        ledger,
        repository: seeded.repository.root,
        dataDir: `${seeded.repository.root}/.baton`,
        reviewRun: await findReviewRun(ledger),
        baseBranch: 'main',
        reviewer: 'ada',
        clock: createManualClock('2026-11-24T10:00:00.000Z'),
        recheck: async () => {
          throw new Error('no recheck expected');
        },
        policy: {},
        prompter,
      }).catch((error: unknown) => error);
      expect(BatonError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({ code: 'REVIEW_CANCELLED', exitCode: 130 });
      expect((failure as BatonError).message).toBe('Review cancelled: nothing was recorded for schema.');
      expect(await ledger.rows('reviews')).toEqual([]);
      expect(await ledger.rows('activityIntervals')).toEqual([]);
      expect(shown).toContain('schema');
    } finally {
      await ledger.close();
    }
  });
});
