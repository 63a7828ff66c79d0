import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { BatonError } from '../core/errors.js';

function outside(path: string, why: string): BatonError {
  return new BatonError({
    code: 'EDIT_PATH_OUTSIDE_WORKTREE',
    message: `Refused the edit of "${path}": ${why}.`,
    hint: 'Edits may only change files inside the component’s worktree, given as relative paths.',
    details: { path },
  });
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent + sep);
}

/**
 * The absolute path an edit may write, or a typed refusal: absolute paths, `..`, anything under
 * `.git`, and any existing ancestor (or the file itself) that is a symlink resolving outside the
 * worktree. Every existing ancestor is resolved with realpath, not just the last one.
 */
export function resolveInsideWorktree(worktree: string, path: string): string {
  if (path.trim() === '' || path.includes('\0')) {
    throw new BatonError({
      code: 'EDIT_PATH_INVALID',
      message: `The edit names an empty or invalid path: ${JSON.stringify(path)}.`,
      hint: 'Each edit must name a relative file path inside the worktree.',
      details: { path },
    });
  }
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\') || path.startsWith('~')) {
    throw outside(path, 'absolute paths are not allowed');
  }
  const segments = path.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw outside(path, '".." leaves the worktree');
  if (segments.some((segment) => segment.toLowerCase() === '.git'))
    throw outside(path, 'writes into .git are not allowed');
  if (segments.length === 0) throw outside(path, 'it names the worktree itself');
  // The native call resolves the whole path in one system call; the JavaScript one stats each segment.
  const root = realpathSync.native(worktree);
  let current = root;
  for (const segment of segments) {
    current = join(current, segment);
    let status: Stats | undefined;
    try {
      // No exception for a missing path: most edits create files, and a throw costs more than the stat.
      status = lstatSync(current, { throwIfNoEntry: false });
    } catch {
      status = undefined; // Not a folder on the way (ENOTDIR): nothing below it exists either.
    }
    if (!status) break; // From here on nothing exists, so nothing can lead elsewhere.
    const isLink = status.isSymbolicLink();
    let resolved: string;
    try {
      resolved = realpathSync.native(current);
    } catch {
      throw outside(
        path,
        `${isLink ? 'a dangling symlink' : 'an unreadable path'} at ${current.slice(root.length + 1)}`,
      );
    }
    if (!isInside(resolved, root))
      throw outside(path, `the symlink ${current.slice(root.length + 1)} leads to ${resolved}`);
    if (isInside(resolved, join(root, '.git')))
      throw outside(path, `${current.slice(root.length + 1)} leads into .git`);
  }
  return join(root, ...segments);
}
