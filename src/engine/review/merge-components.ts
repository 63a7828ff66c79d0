import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { BatonError, describeCause } from '../../core/errors.js';
import { createId } from '../../core/ids.js';
import type { LedgerStore } from '../../ledger/ledger-store.js';
import type { NewLedgerRow } from '../../ledger/schema.js';
import { runGit } from '../../workspace/git.js';
import { batonTrailers, identityArguments, trailerParagraph } from './commit-trailers.js';
import { attemptBranch, branchHead, diffStart } from './component-branch.js';
import { loadReviewItems, type ReviewItem } from './review-items.js';
import type { ReviewRun } from './review-run.js';

export interface MergeOptions {
  ledger: LedgerStore;
  repository: string;
  reviewRun: ReviewRun;
  baseBranch: string;
  person: string;
  clock: Clock;
}

export interface MergeReport {
  baseBranch: string;
  /** The base branch before and after; equal when nothing merged. */
  before: string;
  after: string;
  merged: { key: string; branch: string; mergeCommit: string }[];
  /** Components not merged, with the reason. */
  skipped: { key: string; reason: string }[];
}

interface Candidate {
  item: ReviewItem;
  branch: string;
  head: string;
}

/** Why an item cannot merge now, or its branch and head when it can. */
async function candidateOf(
  repository: string,
  runId: string,
  item: ReviewItem,
  blockedBy: string | undefined,
): Promise<Candidate | string> {
  if (item.state !== 'accepted') {
    return item.mandatory && item.state === 'awaiting-review'
      ? 'review is mandatory (triage: orchestrate+verify) and no person has accepted it'
      : `not accepted (${item.state}: ${item.stateReason})`;
  }
  if (blockedBy) return `its dependency ${blockedBy} is not merged`;
  const accept = item.lastDecision;
  if (!item.attempt || accept?.decision !== 'accept' || accept.reviewer.trim() === '')
    return 'no explicit accept by a person';
  const branch = attemptBranch(runId, item.component.key, item.attempt);
  const head = await branchHead(repository, branch);
  if (!head) return `its branch ${branch} is gone`;
  if (accept.reviewedCommit && accept.reviewedCommit !== head) {
    return `its branch ${branch} moved after it was accepted (${accept.reviewedCommit.slice(0, 12)} → ${head.slice(0, 12)}); review it again`;
  }
  return { item, branch, head };
}

/** The worktree that has `branch` checked out, if any: its files must follow the branch. */
async function worktreeOf(repository: string, branch: string): Promise<string | undefined> {
  const listing = await runGit(repository, ['worktree', 'list', '--porcelain']);
  let path: string | undefined;
  for (const line of listing.split('\n')) {
    if (line.startsWith('worktree ')) path = line.slice('worktree '.length);
    if (line === `branch refs/heads/${branch}`) return path;
  }
  return undefined;
}

function conflictError(
  key: string,
  branch: string,
  baseBranch: string,
  files: string[],
  cause: unknown,
): BatonError {
  const listed = files.length > 0 ? files.join(', ') : '(git named no file)';
  return new BatonError({
    code: 'MERGE_CONFLICT',
    message: `Merging ${key} (${branch}) into ${baseBranch} conflicts in: ${listed}. Nothing was merged; ${baseBranch} is unchanged.${files.length === 0 ? ` git said: ${describeCause(cause)}` : ''}`,
    hint: `Reject ${key} with the conflict as the reason so \`baton run --resume\` redoes it on the new base, or merge ${branch} by hand and run \`baton merge\` again.`,
    details: { component: key, branch, files },
    cause,
  });
}

/**
 * Merges every accepted component into the base branch in dependency order, each as one commit
 * holding only the accepted attempt's result: the component's own changes (from where its first
 * attempt started to the accepted head) applied with a three-way merge, committed with a single
 * parent and `Baton-Run`, `Baton-Component` and `Baton-Attempt` trailers. Refused attempts'
 * commits stay on their branches and in the ledger, never in the base branch's history. The commits
 * are made in a scratch worktree and the base branch moves only when all of them succeed, so a
 * conflict leaves the base branch, the repository's files and the ledger as they were.
 */
export async function mergeAcceptedComponents(options: MergeOptions): Promise<MergeReport> {
  const { repository, reviewRun, baseBranch } = options;
  const runId = reviewRun.run.id;
  const items = await loadReviewItems(options.ledger, reviewRun);
  const before = await branchHead(repository, baseBranch);
  if (!before) {
    throw new BatonError({
      code: 'MERGE_BASE_NOT_FOUND',
      message: `There is no branch "${baseBranch}" in ${repository} to merge into.`,
      hint: 'Name an existing branch with --base.',
    });
  }
  const report: MergeReport = { baseBranch, before, after: before, merged: [], skipped: [] };
  const byKey = new Map(items.map((item) => [item.component.key, item]));
  const notMerged = new Set<string>();
  const candidates: Candidate[] = [];
  for (const item of items) {
    if (item.state === 'merged') continue;
    // Components with no attempt in this run (written directly, say) are not Baton's to merge or wait for.
    if (!item.attempt) continue;
    const blockedBy = item.dependsOn.find((key) => notMerged.has(key) && byKey.get(key)?.attempt);
    const candidate = await candidateOf(repository, runId, item, blockedBy);
    if (typeof candidate === 'string') {
      notMerged.add(item.component.key);
      report.skipped.push({ key: item.component.key, reason: candidate });
    } else {
      candidates.push(candidate);
    }
  }
  if (candidates.length === 0) return report;

  const scratch = mkdtempSync(join(tmpdir(), 'baton-merge-'));
  const worktree = join(scratch, 'base');
  const patchFile = join(scratch, 'component.patch');
  const rows: NewLedgerRow<'merges'>[] = [];
  try {
    await runGit(repository, ['worktree', 'add', '--quiet', '--detach', worktree, before]);
    const email = await runGit(worktree, ['config', 'user.email']).catch(() => '');
    const identity = identityArguments(email, options.person);
    for (const { item, branch, head } of candidates) {
      const key = item.component.key;
      const attempt = item.attempt;
      if (!attempt) continue;
      const start = await diffStart(repository, item.component, attempt, head, baseBranch);
      writeFileSync(
        patchFile,
        await runGit(repository, [
          'diff',
          '--binary',
          '--full-index',
          '--no-color',
          '--no-ext-diff',
          '--no-renames',
          start,
          head,
        ]),
      );
      try {
        await runGit(worktree, ['apply', '--3way', '--index', '--whitespace=nowarn', patchFile]);
      } catch (cause) {
        const conflicted = await runGit(worktree, ['diff', '--name-only', '--diff-filter=U']).catch(() => '');
        await runGit(worktree, ['reset', '--hard', '--quiet']).catch(() => undefined);
        throw conflictError(key, branch, baseBranch, conflicted.split('\n').filter(Boolean).sort(), cause);
      }
      const staged = await runGit(worktree, ['diff', '--cached', '--quiet']).then(
        () => false,
        () => true,
      );
      if (!staged) {
        report.skipped.push({ key, reason: `already contained in ${baseBranch}` });
        continue;
      }
      await runGit(worktree, [
        ...identity,
        'commit',
        '--quiet',
        '--no-verify',
        '-m',
        `${item.component.title} (${key})`,
        '-m',
        trailerParagraph(batonTrailers(runId, key, { 'Baton-Attempt': String(attempt.number) })),
      ]);
      const mergeCommit = (await runGit(worktree, ['rev-parse', 'HEAD'])).trim();
      report.merged.push({ key, branch, mergeCommit });
      rows.push({
        id: createId('mrg'),
        runId,
        componentId: item.component.id,
        attemptId: attempt.id,
        baseBranch,
        branch,
        branchCommit: head,
        mergeCommit,
        mergedBy: options.person,
        createdAt: options.clock.now().toISOString(),
      });
    }
    const after = (await runGit(worktree, ['rev-parse', 'HEAD'])).trim();
    if (after !== before) await moveBaseBranch(repository, baseBranch, before, after);
    report.after = after;
  } finally {
    await runGit(repository, ['worktree', 'remove', '--force', worktree]).catch(() => undefined);
    await runGit(repository, ['worktree', 'prune']).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
  if (rows.length > 0) await options.ledger.insert('merges', rows);
  return report;
}

/**
 * Moves the base branch from `before` to `after`. Where it is checked out, a fast-forward there
 * updates the files too and refuses to overwrite local changes; elsewhere the ref moves only if
 * it still points at `before`.
 */
async function moveBaseBranch(
  repository: string,
  baseBranch: string,
  before: string,
  after: string,
): Promise<void> {
  const checkedOut = await worktreeOf(repository, baseBranch);
  try {
    if (checkedOut) await runGit(checkedOut, ['merge', '--ff-only', '--quiet', after]);
    else await runGit(repository, ['update-ref', `refs/heads/${baseBranch}`, after, before]);
  } catch (cause) {
    throw new BatonError({
      code: 'MERGE_BASE_CHANGED',
      message: `${baseBranch} could not move to the merged commit ${after.slice(0, 12)}: ${describeCause(cause)}. ${baseBranch} is unchanged.`,
      hint: checkedOut
        ? `Commit or stash the local changes in ${checkedOut} that the merge would overwrite, then run \`baton merge\` again.`
        : `${baseBranch} moved while merging; run \`baton merge\` again.`,
      cause,
    });
  }
}
