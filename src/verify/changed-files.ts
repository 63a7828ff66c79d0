import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { BatonError, describeCause } from '../core/errors.js';

function git(root: string, args: readonly string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Whether the repository is a shallow clone, whose history stops short of older commits. */
function isShallow(root: string): boolean {
  try {
    return git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
  } catch {
    return false;
  }
}

/**
 * Files changed since a git revision, including uncommitted and untracked ones (absolute paths).
 * Deleted files are left out: there is nothing left to verify in them.
 */
export function changedFilesSince(root: string, revision: string): string[] {
  let topLevel: string;
  try {
    topLevel = git(root, ['rev-parse', '--show-toplevel']).trim();
  } catch (cause) {
    throw new BatonError({
      code: 'NOT_A_GIT_REPOSITORY',
      message: `--changed needs a git repository, and ${root} is not inside one.`,
      hint: 'Run it inside a git repository, or name the files to verify instead.',
      cause,
    });
  }
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  } catch (cause) {
    if (isShallow(root)) {
      throw new BatonError({
        code: 'VERIFY_GIT_REVISION_INVALID',
        message: `"${revision}" is not in this shallow clone: --changed needs the history back to ${revision} to know what changed since.`,
        hint: `Fetch it, e.g. \`git fetch --unshallow\` or \`git fetch --deepen=50 origin ${revision}\`; in GitHub Actions, check out with \`fetch-depth: 0\`; in GitLab CI, set \`GIT_DEPTH: 0\`.`,
        cause,
      });
    }
    throw new BatonError({
      code: 'VERIFY_GIT_REVISION_INVALID',
      message: `"${revision}" is not a commit in this repository: ${describeCause(cause).split('\n')[0]}`,
      hint: 'Pass a branch, tag or commit that exists, such as --changed main or --changed HEAD~1.',
    });
  }
  const changed = git(root, ['diff', '--name-only', '-z', '--diff-filter=ACMRT', revision, '--']).split('\0');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0');
  return [
    ...new Set([
      ...changed.filter(Boolean).map((path) => resolve(topLevel, path)),
      // ls-files prints paths relative to the folder it runs in.
      ...untracked.filter(Boolean).map((path) => resolve(root, path)),
    ]),
  ];
}
