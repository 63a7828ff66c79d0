import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../core/clock.js';
import { formatReviewView } from '../../report/review-text.js';
import type { Finding } from '../../verify/finding.js';
import { type SeededReviewRun, seedReviewRun } from './__fixtures__/review-run.js';
import type { Recheck } from './edit-component.js';
import { loadReviewItems } from './review-items.js';
import { findReviewRun } from './review-run.js';
import { type ReviewAction, type ReviewPrompter, runReviewSession } from './review-session.js';
import type { ReviewView } from './review-view.js';

let seeded: SeededReviewRun | undefined;
afterEach(() => {
  seeded?.repository.remove();
  seeded = undefined;
});

/** A person who answers from a script and keeps what they were shown and offered. */
function scriptedPrompter(answers: (ReviewAction | string)[], patch?: string) {
  const shown: ReviewView[] = [];
  const offered: ReviewAction[][] = [];
  const said: string[] = [];
  const next = () => {
    const answer = answers.shift();
    if (answer === undefined) throw new Error('the script ran out of answers');
    return answer;
  };
  const prompter: ReviewPrompter = {
    present: (view) => void shown.push(view),
    say: (message) => void said.push(message),
    async chooseAction(_view, actions) {
      offered.push([...actions]);
      return next() as ReviewAction;
    },
    async askText() {
      return next();
    },
    async openEditor() {},
    async readPatch() {
      return patch;
    },
  };
  return { prompter, shown, offered, said };
}

const failingFinding: Finding = {
  checkId: 'types',
  ruleId: 'types/TS2322',
  severity: 'error',
  file: 'src/api.ts',
  range: { startLine: 3, startColumn: 14, endLine: 3, endColumn: 19 },
  message: "Type 'string' is not assignable to type 'number'.",
};

function recheckReturning(...outcomes: boolean[]): Recheck {
  return async () => {
    const passed = outcomes.shift() ?? true;
    return {
      passed,
      report: {
        findings: passed ? [] : [failingFinding],
        checks: [{ id: 'types', findings: passed ? 0 : 1, durationMs: 500 }] as never,
      },
    };
  };
}

async function session(
  run: SeededReviewRun,
  answers: (ReviewAction | string)[],
  options: { patch?: string; recheck?: Recheck; only?: string[] } = {},
) {
  const ledger = await run.openLedger();
  const scripted = scriptedPrompter(answers, options.patch);
  try {
    const reviewRun = await findReviewRun(ledger);
    const result = await runReviewSession({
      ledger,
      repository: run.repository.root,
      dataDir: `${run.repository.root}/.baton`,
      reviewRun,
      baseBranch: 'main',
      reviewer: 'ada',
      clock: createManualClock('2026-11-24T10:00:00.000Z'),
      recheck: options.recheck ?? recheckReturning(),
      policy: {},
      prompter: scripted.prompter,
      only: options.only,
    });
    const items = await loadReviewItems(ledger, reviewRun);
    const reviews = await ledger.rows('reviews');
    const intervals = await ledger.rows('activityIntervals');
    return { ...scripted, result, items, reviews, intervals };
  } finally {
    await ledger.close();
  }
}

describe('the review session', () => {
  it('shows the check summary first and each finding under the line it points at', async () => {
    seeded = await seedReviewRun();
    const { shown } = await session(seeded, ['skip'], { only: ['api'] });
    const text = formatReviewView(shown[0] as ReviewView).replaceAll(seeded.heads.api.slice(0, 12), '<head>');
    const start = (shown[0] as ReviewView).start.slice(0, 12);
    expect(start).toBe(seeded.heads.schema.slice(0, 12));
    expect(text.replaceAll(start, '<start>')).toMatchInlineSnapshot(`
      "━━ api: GET/PUT endpoints
         attempt 2 · baton/run_1/api/2 @ <head> · against main from <start>
         every check passed; waiting for a decision

      Checks:
        ✓ api passed (1 finding, 1.0 s)
        ✓ types passed (0 findings, 1.3 s)
      Findings: 1 finding

      ─── src/api.ts (added)
           @@ -0,0 +1,3 @@
              1 + import { service } from './index.js';
              2 + export const route = '/' + service;
                  ▲ warning api/missing-export: route built by concatenation: check it is escaped
                    hint: Import it from where it is exported.
              3 + export const limit = 10;

      ─── src/index.ts (modified)
           @@ -1 +1,2 @@
         1    1   export const service = 'preferences';
              2 + export { route } from './api.js';

      "
    `);
  });

  it('records an annotation without a decision, then an accept, with reviewing time for each', async () => {
    seeded = await seedReviewRun();
    const { reviews, items, offered, intervals } = await session(
      seeded,
      ['annotate', 'the route needs escaping later', 'accept'],
      { only: ['form'] },
    );
    expect(intervals.map((interval) => [interval.activity, interval.componentId, interval.person])).toEqual([
      ['reviewing', 'cmp_form', 'ada'],
      ['reviewing', 'cmp_form', 'ada'],
    ]);
    expect(offered[0]).toEqual(['accept', 'reject', 'edit', 'patch', 'annotate', 'skip', 'quit']);
    expect(reviews.map((review) => [review.decision, review.reason, review.reviewer])).toEqual([
      ['annotate', 'the route needs escaping later', 'ada'],
      ['accept', null, 'ada'],
    ]);
    expect(items.find((item) => item.component.key === 'form')?.state).toBe('accepted');
  });

  it('a reviewer may accept a mandatory-review component; quitting leaves the rest undecided', async () => {
    seeded = await seedReviewRun();
    const { result, items } = await session(seeded, ['accept', 'quit']);
    expect(result).toMatchObject({ quit: true, decisions: [{ key: 'schema', decision: 'accept' }] });
    expect(items.map((item) => [item.component.key, item.state])).toEqual([
      ['schema', 'accepted'],
      ['api', 'awaiting-review'],
      ['form', 'awaiting-review'],
    ]);
  });

  it('after an edit the checks run again, and accept is offered only once they pass', async () => {
    seeded = await seedReviewRun();
    const patch = [
      'diff --git a/src/form.ts b/src/form.ts',
      '--- a/src/form.ts',
      '+++ b/src/form.ts',
      '@@ -1 +1 @@',
      '-export const Form = 1;',
      "+export const Form: number = 'one';",
      '',
    ].join('\n');
    const { offered, reviews, items, said } = await session(
      seeded,
      ['patch', 'type the form', 'recheck', 'accept'],
      { patch, recheck: recheckReturning(false, true), only: ['form'] },
    );
    expect(said[0]).toMatch(
      /^Checks did not pass on [0-9a-f]{12} \(1 finding\(s\)\); edit again or reject\.$/,
    );
    expect(offered[1]).toEqual(['reject', 'edit', 'patch', 'recheck', 'annotate', 'skip', 'quit']);
    expect(offered[2]?.[0]).toBe('accept');
    expect(reviews.map((review) => [review.decision, review.checksOutcome])).toEqual([
      ['edit', 'failed'],
      ['edit', 'passed'],
      ['accept', null],
    ]);
    const head = seeded.repository.git('rev-parse', 'baton/run_1/form/1').trim();
    expect(reviews.map((review) => review.reviewedCommit)).toEqual([head, head, head]);
    expect(seeded.repository.git('log', '-1', '--format=%s%n%(trailers:only,unfold)', head).trim()).toBe(
      'Review edit of form: type the form\nBaton-Run: run_1\nBaton-Component: form\nBaton-Reviewer: ada',
    );
    expect(items.find((item) => item.component.key === 'form')?.state).toBe('accepted');
    expect(seeded.repository.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('a branch that moved after its checks ran must be rechecked before it can be accepted', async () => {
    seeded = await seedReviewRun();
    seeded.repository.git('switch', '--quiet', 'baton/run_1/form/1');
    seeded.repository.write('src/form.ts', 'export const Form = 2;\n');
    seeded.repository.git('commit', '--quiet', '-am', 'by hand');
    seeded.repository.git('switch', '--quiet', 'main');
    const { offered, items } = await session(seeded, ['recheck', 'accept'], { only: ['form'] });
    expect(offered[0]?.includes('accept')).toBe(false);
    expect(offered[0]?.includes('recheck')).toBe(true);
    expect(items.find((item) => item.component.key === 'form')?.state).toBe('accepted');
  });
});
