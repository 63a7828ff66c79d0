import { execFile } from 'node:child_process';
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
