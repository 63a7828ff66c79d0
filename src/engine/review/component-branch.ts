import { BatonError } from '../../core/errors.js';
import type { LedgerRow } from '../../ledger/schema.js';
import { runGit } from '../../workspace/git.js';
import { worktreeBranchName } from '../../workspace/worktree.js';

/** The branch that holds an attempt's work, as the attempt recorded it or as the engine names it. */
export function attemptBranch(
  runId: string,
  componentKey: string,
  attempt: Pick<LedgerRow<'attempts'>, 'branch' | 'number'>,
): string {
  return attempt.branch ?? worktreeBranchName(runId, componentKey, attempt.number);
}

/** The commit a branch points at, or undefined when there is no such branch. */
export async function branchHead(repository: string, branch: string): Promise<string | undefined> {
  try {
    return (
      await runGit(repository, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`])
    ).trim();
  } catch {
    return undefined;
  }
}

export async function isAncestor(repository: string, ancestor: string, descendant: string): Promise<boolean> {
  return runGit(repository, ['merge-base', '--is-ancestor', ancestor, descendant]).then(
    () => true,
    () => false,
  );
}

/**
 * The branch merges go into: the one asked for, else the branch checked out in the repository.
 * A detached HEAD has no branch to merge into, so it is an error that says how to name one.
 */
export async function resolveBaseBranch(repository: string, asked?: string): Promise<string> {
  if (asked) {
    if ((await branchHead(repository, asked)) === undefined) {
      throw new BatonError({
        code: 'MERGE_BASE_NOT_FOUND',
        message: `There is no branch "${asked}" in ${repository} to merge into.`,
        hint: 'Name an existing branch with --base, such as --base main.',
      });
    }
    return asked;
  }
  try {
    return (await runGit(repository, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
  } catch (cause) {
    throw new BatonError({
      code: 'MERGE_BASE_NOT_FOUND',
      message: `The repository at ${repository} has a detached HEAD, so there is no branch to merge into.`,
      hint: 'Check out the branch the run started from (`git switch main`), or name it with --base.',
      cause,
    });
  }
}

/**
 * The commit a component's own changes start from: the parent of the oldest commit on the branch
 * (following first parents, not in `base`) whose `Baton-Component` trailer names the component.
 * Its worktree may have started from a dependency's branch or from several merged in; this skips
 * all of them. Without such a commit: the attempt's base commit, else the fork from `base`.
 */
export async function diffStart(
  repository: string,
  component: Pick<LedgerRow<'components'>, 'id' | 'key'>,
  attempt: Pick<LedgerRow<'attempts'>, 'baseCommit'>,
  head: string,
  baseBranch: string,
): Promise<string> {
  const own = await runGit(repository, [
    'rev-list',
    '--first-parent',
    '--reverse',
    '--extended-regexp',
    `--grep=^Baton-Component: (${component.key}|${component.id})$`,
    head,
    '--not',
    `refs/heads/${baseBranch}`,
  ]);
  const oldest = own.split('\n').find(Boolean);
  if (oldest) {
    const parent = await runGit(repository, ['rev-parse', '--verify', '--quiet', `${oldest}^1`]).then(
      (output) => output.trim(),
      () => undefined,
    );
    if (parent) return parent;
  }
  if (attempt.baseCommit && (await isAncestor(repository, attempt.baseCommit, head)))
    return attempt.baseCommit;
  return (await runGit(repository, ['merge-base', `refs/heads/${baseBranch}`, head])).trim();
}

/** The unified diff between two commits, as git prints it without colour or external tools. */
export async function diffBetween(repository: string, from: string, to: string): Promise<string> {
  return runGit(repository, ['diff', '--no-color', '--no-ext-diff', '--no-renames', from, to]);
}
