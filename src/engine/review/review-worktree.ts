import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../../workspace/git.js';
import { removeWorktree, worktreesRoot } from '../../workspace/worktree.js';

export interface ReviewWorktree {
  path: string;
  /** Made for this review, so it is removed afterwards; a worktree found on the branch is left. */
  created: boolean;
}

async function checkedOutAt(repository: string, branch: string): Promise<string | undefined> {
  const listing = await runGit(repository, ['worktree', 'list', '--porcelain']);
  let path: string | undefined;
  for (const line of listing.split('\n')) {
    if (line.startsWith('worktree ')) path = line.slice('worktree '.length);
    if (line === `branch refs/heads/${branch}` && path && existsSync(path)) return path;
  }
  return undefined;
}

/**
 * A worktree on the component's branch for a reviewer's edit: the one already checked out there,
 * else a fresh one at `<dataDir>/worktrees/<run>/<component>/review` (the engine releases an
 * attempt's own worktree when the attempt ends and keeps only its branch).
 */
export async function openReviewWorktree(
  repository: string,
  dataDir: string,
  runId: string,
  componentKey: string,
  branch: string,
): Promise<ReviewWorktree> {
  const existing = await checkedOutAt(repository, branch);
  if (existing) return { path: existing, created: false };
  const path = join(worktreesRoot(dataDir), runId, componentKey, 'review');
  await removeWorktree(repository, dataDir, { path, branch }, { keepBranch: true });
  await runGit(repository, ['worktree', 'add', '--quiet', path, branch]);
  // The project's installed packages, so the checks see the same dependencies as the run did.
  const modules = join(repository, 'node_modules');
  if (existsSync(modules) && !existsSync(join(path, 'node_modules')))
    symlinkSync(modules, join(path, 'node_modules'), 'dir');
  return { path, created: true };
}

export async function closeReviewWorktree(
  repository: string,
  dataDir: string,
  worktree: ReviewWorktree,
  branch: string,
): Promise<void> {
  if (worktree.created)
    await removeWorktree(repository, dataDir, { path: worktree.path, branch }, { keepBranch: true });
}
