import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BatonError, describeCause } from '../core/errors.js';
import { runGit } from '../workspace/git.js';

/** The refs holding a run's attempt branches. */
export function runBranchesRef(runId: string, componentId?: string): string {
  return componentId ? `refs/heads/baton/${runId}/${componentId}` : `refs/heads/baton/${runId}`;
}

/**
 * The refs holding every commit the ledger records done, one per commit. A branch can be pushed
 * again by a second worker that ran the same job, but these are never moved, so the commit the
 * ledger names stays on the remote.
 */
export function doneCommitsRef(runId: string): string {
  return `refs/baton/runs/${runId}/done`;
}

function remoteUnreachable(remote: string, cause: unknown): BatonError {
  return new BatonError({
    code: 'WORKTREE_FAILED',
    message: `This worker cannot reach the run's git remote ${remote}: ${describeCause(cause)}`,
    hint: 'Give the worker read and push access to that remote (an SSH key or a credential helper), then let the job run again.',
    cause,
    details: { remote },
  });
}

/** Serialises git work per folder, since two jobs of one worker may share a clone. */
const queues = new Map<string, Promise<unknown>>();
function serially<Value>(key: string, work: () => Promise<Value>): Promise<Value> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    key,
    next.catch(() => {}),
  );
  return next;
}

/**
 * Makes a checkout of the run's base commit from its remote in the worker's folder: one clone per
 * remote, one detached worktree per base commit, and the run's attempt branches fetched (as remote
 * refs) so that a dependency's done commit is there to start from. Returns the checkout's path.
 */
export async function checkoutRun(options: {
  workDir: string;
  remote: string;
  baseCommit: string;
  runId: string;
}): Promise<string> {
  const key = createHash('sha256').update(options.remote).digest('hex').slice(0, 16);
  const clone = join(options.workDir, 'repositories', key);
  return serially(clone, async () => {
    try {
      if (!existsSync(join(clone, '.git'))) {
        mkdirSync(join(options.workDir, 'repositories'), { recursive: true });
        await runGit(options.workDir, ['clone', '--quiet', '--no-checkout', options.remote, clone]);
      }
      await runGit(clone, [
        'fetch',
        '--quiet',
        '--force',
        'origin',
        `+refs/baton/runs/${options.runId}/base:refs/baton/runs/${options.runId}/base`,
        `+${runBranchesRef(options.runId)}/*:refs/remotes/origin/baton/${options.runId}/*`,
        `+${doneCommitsRef(options.runId)}/*:${doneCommitsRef(options.runId)}/*`,
      ]);
    } catch (error) {
      throw remoteUnreachable(options.remote, error);
    }
    const checkout = join(options.workDir, 'checkouts', `${key}-${options.baseCommit.slice(0, 16)}`);
    if (!existsSync(join(checkout, '.git'))) {
      mkdirSync(join(options.workDir, 'checkouts'), { recursive: true });
      await runGit(clone, ['worktree', 'add', '--detach', '--force', checkout, options.baseCommit]);
    }
    return checkout;
  });
}

/**
 * Pushes a component's attempt branches to the remote, so dependents elsewhere and the coordinator
 * have them, and with `doneCommit` that commit under a ref of its own (see `doneCommitsRef`).
 */
export async function pushComponentBranches(options: {
  checkout: string;
  runId: string;
  componentId: string;
  doneCommit?: string;
}): Promise<void> {
  const ref = runBranchesRef(options.runId, options.componentId);
  const local = await runGit(options.checkout, ['for-each-ref', '--format=%(refname)', ref]);
  const refspecs = [
    ...(local.trim() === '' ? [] : [`+${ref}/*:${ref}/*`]),
    ...(options.doneCommit
      ? [`${options.doneCommit}:${doneCommitsRef(options.runId)}/${options.doneCommit}`]
      : []),
  ];
  if (refspecs.length === 0) return;
  try {
    await runGit(options.checkout, ['push', '--quiet', 'origin', ...refspecs]);
  } catch (error) {
    const remote = (await runGit(options.checkout, ['remote', 'get-url', 'origin']).catch(() => '')).trim();
    throw remoteUnreachable(remote || 'origin', error);
  }
}
