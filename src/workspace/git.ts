import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { BatonError } from '../core/errors.js';

/** Runs git in `cwd` and returns its stdout; a failure is WORKTREE_FAILED with git's own message. */
export function runGit(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      reject(
        new BatonError({
          code: 'WORKTREE_FAILED',
          message: `git ${args.join(' ')} failed in ${cwd}: ${(stderr || error.message).trim()}`,
          hint: 'Check that this is a git repository with at least one commit, and run `baton gc` to clear leftovers.',
          cause: error,
          details: { cwd, args },
        }),
      );
    });
  });
}

/** The id git gives a file's content (`git hash-object`), computed in memory. */
export function gitBlobId(content: string | Buffer): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The blob id of each path in a commit's tree; paths not in the tree are left out. */
export async function committedBlobIds(
  cwd: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  if (paths.length === 0) return blobs;
  const listing = await runGit(cwd, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths]);
  for (const entry of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match?.[1] && match[2] !== undefined) blobs.set(match[2], match[1]);
  }
  return blobs;
}
