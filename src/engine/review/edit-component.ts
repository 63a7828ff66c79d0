import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { BatonError, describeCause } from '../../core/errors.js';
import type { LedgerStore } from '../../ledger/ledger-store.js';
import type { VerifyReport } from '../../verify/index.js';
import { runGit } from '../../workspace/git.js';
import { batonTrailers, identityArguments, trailerParagraph } from './commit-trailers.js';
import { writeReviewDecision } from './record-review.js';
import type { ReviewItem } from './review-items.js';
import type { ReviewView } from './review-view.js';
import { closeReviewWorktree, openReviewWorktree } from './review-worktree.js';

/** The checks re-run on an edited worktree: the report, and whether it passes the gate. */
export interface RecheckOutcome {
  report: Pick<VerifyReport, 'findings' | 'checks'>;
  passed: boolean;
}

/** Runs the component's checks on a worktree; given the item, to choose the checks its run required. */
export type Recheck = (worktree: string, item: ReviewItem) => Promise<RecheckOutcome>;

/** How the reviewer changes the code: in an editor on the worktree, with a patch, or not at all. */
export type ReviewChange =
  | { kind: 'editor'; open: (worktree: string) => Promise<void> }
  | { kind: 'patch'; patch: string }
  | { kind: 'recheck' };

export interface EditComponentOptions {
  ledger: LedgerStore;
  repository: string;
  dataDir: string;
  view: ReviewView;
  reviewer: string;
  note?: string | undefined;
  change: ReviewChange;
  recheck: Recheck;
  /** When the reviewer started on the component, for the reviewing interval. */
  startedAt: string;
  clock: Clock;
}

export interface EditResult {
  /** Whether the edit changed any file (a recheck never does). */
  changed: boolean;
  commit: string;
  passed: boolean;
  findings: number;
}

async function applyPatch(worktree: string, patch: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'baton-patch-'));
  const file = join(folder, 'review.patch');
  writeFileSync(file, patch.endsWith('\n') ? patch : `${patch}\n`);
  try {
    await runGit(worktree, ['apply', '--whitespace=nowarn', file]);
  } catch (cause) {
    throw new BatonError({
      code: 'REVIEW_EDIT_FAILED',
      message: `The patch does not apply to the component's branch: ${describeCause(cause)}`,
      hint: 'Make the patch against the branch shown in the review (`git diff` inside its worktree), or edit in $EDITOR instead.',
      cause,
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * A reviewer's edit: the change lands as a commit on the component's branch (with `Baton-Run`,
 * `Baton-Component` and `Baton-Reviewer` trailers), the checks run again on it, and the edit, its
 * findings and the checks go to the ledger in one transaction. Until the checks pass on the
 * branch's head, the component cannot be accepted.
 */
export async function editComponent(options: EditComponentOptions): Promise<EditResult> {
  const { view, repository } = options;
  const key = view.item.component.key;
  const worktree = await openReviewWorktree(repository, options.dataDir, view.runId, key, view.branch);
  try {
    if (options.change.kind === 'patch') await applyPatch(worktree.path, options.change.patch);
    if (options.change.kind === 'editor') await options.change.open(worktree.path);
    await runGit(worktree.path, ['add', '--all', '--', '.', ':!node_modules']);
    const staged = await runGit(worktree.path, ['diff', '--cached', '--name-only']);
    const changed = staged.trim() !== '';
    if (changed) {
      const email = await runGit(worktree.path, ['config', 'user.email']).catch(() => '');
      const subject = `Review edit of ${key}${options.note ? `: ${options.note.split('\n')[0]}` : ''}`;
      await runGit(worktree.path, [
        ...identityArguments(email, options.reviewer),
        'commit',
        '--quiet',
        '--no-verify',
        '-m',
        subject,
        '-m',
        trailerParagraph(batonTrailers(view.runId, key, { 'Baton-Reviewer': options.reviewer })),
      ]);
    } else if (options.change.kind !== 'recheck') {
      return {
        changed: false,
        commit: view.head,
        passed: view.item.state !== 'checks-failed',
        findings: view.item.findings.length,
      };
    }
    const commit = (await runGit(worktree.path, ['rev-parse', 'HEAD'])).trim();
    const outcome = await options.recheck(worktree.path, view.item);
    const at = options.clock.now();
    const reason = changed
      ? (options.note ?? `edited ${staged.trim().split('\n').join(', ')}`)
      : `checks re-run on ${commit.slice(0, 12)}${options.note ? `: ${options.note}` : ''}`;
    // The verify part loads the checks and the compiler, so it loads only once an edit is recorded.
    const { recordVerifyReport } = await import('../../verify/index.js');
    await options.ledger.transaction(async (writer) => {
      // recordVerifyReport reads only findings and checks; the rest of a report has no place in the ledger.
      await recordVerifyReport(
        { transaction: (work) => work(writer) },
        outcome.report as VerifyReport,
        { runId: view.runId, attemptId: view.item.attempt?.id, componentId: view.item.component.id },
        at,
      );
      await writeReviewDecision(writer, {
        runId: view.runId,
        component: view.item.component,
        attemptId: view.item.attempt?.id ?? null,
        decision: 'edit',
        reviewer: options.reviewer,
        reason,
        reviewedCommit: commit,
        checksOutcome: outcome.passed ? 'passed' : 'failed',
        startedAt: options.startedAt,
        at: at.toISOString(),
      });
    });
    return { changed, commit, passed: outcome.passed, findings: outcome.report.findings.length };
  } finally {
    await closeReviewWorktree(repository, options.dataDir, worktree, view.branch);
  }
}
