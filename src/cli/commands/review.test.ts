import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { type SeededReviewRun, seedReviewRun } from '../../engine/review/__fixtures__/review-run.js';
import { loadReviewerFeedback, renderReviewerFeedback } from '../../engine/review/index.js';

let seeded: SeededReviewRun | undefined;
afterEach(() => {
  seeded?.repository.remove();
  seeded = undefined;
});

async function ledgerRows(run: SeededReviewRun) {
  const ledger = await run.openLedger();
  try {
    return {
      reviews: await ledger.rows('reviews'),
      merges: await ledger.rows('merges'),
      components: await ledger.rows('components'),
      runs: await ledger.rows('runs'),
      intervals: await ledger.rows('activityIntervals'),
      events: (await ledger.readEvents()).map((stored) => stored.event),
    };
  } finally {
    await ledger.close();
  }
}

function mergeLog(run: SeededReviewRun): string {
  return run.repository.git('log', '--first-parent', '--format=%s%n%(trailers:only,unfold)', 'main').trim();
}

describe('baton review', () => {
  it('lists each component with where it stands', async () => {
    seeded = await seedReviewRun();
    const result = await runBaton(['review', '--list'], seeded.repository.root);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Run run_1 (Notification preferences), merging into main
      schema  awaiting-review [mandatory review]  0 findings  every check passed; waiting for a decision
      api  awaiting-review  1 finding  every check passed; waiting for a decision
      form  awaiting-review  0 findings  every check passed; waiting for a decision
      "
    `);
  });

  it('--yes accepts the others but never a mandatory-review component, and then does not merge', async () => {
    seeded = await seedReviewRun();
    const result = await runBaton(['review', '--yes'], seeded.repository.root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('accept api: accepted without review by --yes');
    expect(result.stdout).toContain('accept form: accepted without review by --yes');
    expect(result.stdout).toContain(
      'left for review schema: review is mandatory (triage: orchestrate+verify); review it in person, or add --include-mandatory',
    );
    expect(result.stdout).toContain('Not merging yet: schema (awaiting-review)');
    expect(seeded.repository.git('rev-parse', 'main').trim()).toBe(seeded.mainBefore);

    const rows = await ledgerRows(seeded);
    // Nobody read them: the ledger says a policy accepted them, and records no one's reviewing time.
    expect(rows.reviews.map((review) => [review.componentId, review.decision, review.reviewer])).toEqual([
      ['cmp_api', 'accept', 'policy'],
      ['cmp_form', 'accept', 'policy'],
    ]);
    expect(rows.reviews.map((review) => review.reviewedCommit)).toEqual([
      seeded.heads.api,
      seeded.heads.form,
    ]);
    expect(rows.intervals).toEqual([]);
    expect(rows.events.filter((event) => event.type === 'review-decision')).toMatchObject([
      { componentId: 'cmp_api', decision: 'accept', reviewer: 'policy', runId: 'run_1' },
      { componentId: 'cmp_form', decision: 'accept', reviewer: 'policy', runId: 'run_1' },
    ]);

    // `baton merge` merges what is accepted; api waits for its mandatory dependency.
    const merge = await runBaton(['merge'], seeded.repository.root);
    expect(merge.exitCode, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('Merged form (baton/run_1/form/1) into main as');
    expect(merge.stdout).toContain(
      'Not merged schema: review is mandatory (triage: orchestrate+verify) and no person has accepted it',
    );
    expect(merge.stdout).toContain('Not merged api: its dependency schema is not merged');
  });

  it('--yes --include-mandatory accepts everything and merges in dependency order with trailers', async () => {
    seeded = await seedReviewRun();
    const result = await runBaton(['review', '--yes', '--include-mandatory'], seeded.repository.root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('accept schema: accepted without review by --yes --include-mandatory');
    expect(result.stdout).toMatch(/Merged schema .*\nMerged api .*\nMerged form /);
    expect(mergeLog(seeded)).toMatchInlineSnapshot(`
      "Preferences form (form)
      Baton-Run: run_1
      Baton-Component: form
      Baton-Attempt: 1

      GET/PUT endpoints (api)
      Baton-Run: run_1
      Baton-Component: api
      Baton-Attempt: 2

      Preferences table (schema)
      Baton-Run: run_1
      Baton-Component: schema
      Baton-Attempt: 1

      initial"
    `);
    // One commit per component on main, none of them a merge: the attempts' own commits stay on their branches.
    const parents = seeded.repository
      .git('log', '--first-parent', '--format=%P', '-3', 'main')
      .trim()
      .split('\n');
    expect(parents.every((line) => line.split(' ').length === 1)).toBe(true);
    expect(readFileSync(join(seeded.repository.root, 'src/api.ts'), 'utf8')).toContain('export const route');
    const rows = await ledgerRows(seeded);
    expect(
      rows.merges.map((merge) => [merge.componentId, merge.baseBranch, merge.branchCommit, merge.mergedBy]),
    ).toEqual([
      ['cmp_schema', 'main', seeded.heads.schema, 'Ada Lovelace'],
      ['cmp_api', 'main', seeded.heads.api, 'Ada Lovelace'],
      ['cmp_form', 'main', seeded.heads.form, 'Ada Lovelace'],
    ]);
    expect((await runBaton(['merge'], seeded.repository.root)).stdout).toBe('Nothing to merge.\n');
  });

  it('--accept-clean accepts only components with zero findings', async () => {
    seeded = await seedReviewRun();
    const result = await runBaton(['review', '--accept-clean', '--no-merge'], seeded.repository.root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('accept form: accepted without review by --accept-clean: no findings');
    expect(result.stdout).toContain(
      'left for review api: 1 finding(s); --accept-clean accepts only components with none',
    );
    expect(result.stdout).toContain('left for review schema: review is mandatory');
  });

  it('--reject-all records the reason where the next attempt reads it and reopens the run', async () => {
    seeded = await seedReviewRun();
    const result = await runBaton(
      ['review', '--reject-all', 'use the db helper, not raw SQL', '--component', 'api'],
      seeded.repository.root,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('reject api: use the db helper, not raw SQL');
    const rows = await ledgerRows(seeded);
    expect(rows.reviews).toMatchObject([
      {
        componentId: 'cmp_api',
        attemptId: 'att_api_2',
        decision: 'reject',
        reason: 'use the db helper, not raw SQL',
      },
    ]);
    const api = rows.components.find((component) => component.key === 'api');
    expect(api).toMatchObject({
      status: 'pending',
      statusReason: 'rejected in review by Ada Lovelace: use the db helper, not raw SQL',
    });
    expect(rows.runs[0]?.status).toBe('waiting-for-person');

    const ledger = await seeded.openLedger();
    try {
      const feedback = await loadReviewerFeedback(ledger, 'cmp_api');
      expect(feedback).toMatchObject([
        {
          decision: 'reject',
          reviewer: 'Ada Lovelace',
          reason: 'use the db helper, not raw SQL',
          attemptNumber: 2,
          open: true,
        },
      ]);
      expect(renderReviewerFeedback(feedback)).toBe(
        'A person reviewed earlier work on this component. Address every point below:\n\n- Ada Lovelace rejected attempt 2: use the db helper, not raw SQL\n',
      );
    } finally {
      await ledger.close();
    }
    const list = await runBaton(['review', '--list'], seeded.repository.root);
    expect(list.stdout).toContain('api  rejected  1 finding  rejected by Ada Lovelace');
  });

  it('refuses to ask without a terminal, and refuses flags that make no sense together', async () => {
    seeded = await seedReviewRun();
    const interactive = await runBaton(['review'], seeded.repository.root);
    expect(interactive.exitCode).toBe(2);
    expect(interactive.stderr).toContain('error REVIEW_NEEDS_TERMINAL');
    const alone = await runBaton(['review', '--include-mandatory'], seeded.repository.root);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain('--include-mandatory only widens --yes or --accept-clean');
    const unknown = await runBaton(['review', 'run_9', '--yes'], seeded.repository.root);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('error REVIEW_RUN_NOT_FOUND: No run "run_9"');
    expect(unknown.stderr).toContain('Did you mean "run_1"?');
  });
});

describe('baton merge', () => {
  it('stops at a conflict naming the component and files, and leaves main and the ledger unchanged', async () => {
    seeded = await seedReviewRun({ conflictingForm: true });
    await runBaton(['review', '--yes', '--include-mandatory', '--no-merge'], seeded.repository.root);
    const status = seeded.repository.git('status', '--porcelain');
    const result = await runBaton(['merge'], seeded.repository.root);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'error MERGE_CONFLICT: Merging form (baton/run_1/form/1) into main conflicts in: src/index.ts. Nothing was merged; main is unchanged.',
    );
    expect(result.stderr).toContain('hint: Reject form with the conflict as the reason');
    expect(seeded.repository.git('rev-parse', 'main').trim()).toBe(seeded.mainBefore);
    expect(seeded.repository.git('status', '--porcelain')).toBe(status);
    expect(readFileSync(join(seeded.repository.root, 'src/index.ts'), 'utf8')).toBe(
      "export const service = 'preferences';\n",
    );
    expect(seeded.repository.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect((await ledgerRows(seeded)).merges).toEqual([]);

    // Rejecting the conflicting component lets the rest merge.
    await runBaton(
      ['review', '--reject-all', 'conflicts with api in src/index.ts', '--component', 'form'],
      seeded.repository.root,
    );
    const retry = await runBaton(['merge'], seeded.repository.root);
    expect(retry.exitCode, retry.stderr).toBe(0);
    expect(retry.stdout).toMatch(/Merged schema .*\nMerged api .*\nNot merged form: not accepted \(rejected/);
  });
});
