import { createHash } from 'node:crypto';
import {
  type Dirent,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { BatonError, describeCause } from '../core/errors.js';
import { committedBlobIds, gitBlobId, runGit } from '../workspace/git.js';
import { createWorktree, removeWorktree, worktreeBranchName, worktreesRoot } from '../workspace/worktree.js';

/** Where one attempt writes: a folder, the branch that keeps it, and the commit it started from (after merges). */
export interface AttemptWorkspace {
  path: string;
  branch: string;
  baseCommit: string;
}

export interface OpenWorkspaceOptions {
  runId: string;
  componentId: string;
  attempt: number;
  /** Commits to start from: the first is checked out, the others merged in (a component's dependencies). */
  bases: readonly string[];
  /** Keep what is already there (a person's unfinished work) instead of starting afresh. */
  reuseExisting?: boolean;
}

export interface CommitOptions {
  subject: string;
  trailers: Readonly<Record<string, string>>;
  /** Paths to commit; everything but node_modules when absent. */
  paths?: readonly string[];
}

/**
 * Gives each attempt its own place to write. `git` uses a worktree per attempt (the default and
 * what reviews and merges read); `directory` uses plain folders with content hashes instead of
 * commits, for projects timed without git (the engine benchmark).
 */
export interface WorkspaceFactory {
  readonly kind: 'git' | 'directory';
  /** The commit a run's components without dependencies start from. */
  currentCommit(): Promise<string>;
  open(options: OpenWorkspaceOptions): Promise<AttemptWorkspace>;
  /** Commits the attempt's files and returns the commit; an attempt with no change gets an empty commit. */
  commit(workspace: AttemptWorkspace, options: CommitOptions): Promise<string>;
  /** Files that differ from the base, committed or not. */
  changedFiles(workspace: AttemptWorkspace): Promise<string[]>;
  /** The git blob id of each path as `commit` holds it (relative paths); absent paths are left out. */
  committedBlobIds(
    workspace: AttemptWorkspace,
    commit: string,
    paths: readonly string[],
  ): Promise<Map<string, string>>;
  /** Removes the folder; the branch stays for review and merge. */
  release(workspace: AttemptWorkspace): Promise<void>;
}

function trailerArguments(trailers: Readonly<Record<string, string>>): string[] {
  return Object.entries(trailers).flatMap(([key, value]) => ['--trailer', `${key}: ${value}`]);
}

/** Attempts in git worktrees on `baton/<run-id>/<component-id>/<attempt>` branches (docs/workspace.md). */
export function createGitWorkspaces(repository: string, dataDir: string): WorkspaceFactory {
  let identity: string[] | undefined;
  // Commits need an author; a repository without one configured gets Baton's, so runs never stop on it.
  const identityArguments = async () => {
    if (identity) return identity;
    const configured = await runGit(repository, ['config', 'user.email']).then(
      (output) => output.trim() !== '',
      () => false,
    );
    identity = configured ? [] : ['-c', 'user.name=Baton', '-c', 'user.email=baton@localhost'];
    return identity;
  };
  const pathOf = (options: OpenWorkspaceOptions) =>
    join(worktreesRoot(dataDir), options.runId, options.componentId, String(options.attempt));

  return {
    kind: 'git',
    async currentCommit() {
      return (await runGit(repository, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
    },
    async open(options) {
      const branch = worktreeBranchName(options.runId, options.componentId, options.attempt);
      const path = pathOf(options);
      const [first, ...others] = options.bases;
      if (!first) throw new BatonError({ code: 'INTERNAL', message: 'A workspace needs a base commit.' });
      if (options.reuseExisting && existsSync(path)) return { path, branch, baseCommit: first };
      // A crash can leave the attempt's worktree half-written; the attempt starts again from its base.
      await removeWorktree(repository, dataDir, { path, branch });
      const worktree = await createWorktree({
        repository,
        dataDir,
        runId: options.runId,
        componentId: options.componentId,
        attempt: options.attempt,
        base: first,
      });
      for (const other of others) {
        try {
          await runGit(worktree.path, [
            ...(await identityArguments()),
            'merge',
            '--no-edit',
            '--quiet',
            '-m',
            `Merge ${other.slice(0, 12)} into ${branch}`,
            other,
          ]);
        } catch (error) {
          throw new BatonError({
            code: 'WORKTREE_FAILED',
            message: `The dependencies of "${options.componentId}" do not merge cleanly: ${describeCause(error)}`,
            hint: 'Resolve the conflict between the dependency branches by hand, then resume the run.',
            cause: error,
          });
        }
      }
      // The project's installed packages, so type checks and tests see the same dependencies.
      const modules = join(repository, 'node_modules');
      if (existsSync(modules) && !existsSync(join(worktree.path, 'node_modules')))
        symlinkSync(modules, join(worktree.path, 'node_modules'), 'dir');
      const head = others.length > 0 ? (await runGit(worktree.path, ['rev-parse', 'HEAD'])).trim() : first;
      return { path: worktree.path, branch, baseCommit: head };
    },
    async commit(workspace, options) {
      // git refuses a pathspec that names an ignored path, so the packages' link is excluded only
      // where the project does not ignore it already (most do, with `node_modules` in .gitignore).
      const modulesIgnored = await runGit(workspace.path, [
        'check-ignore',
        '--quiet',
        '--',
        'node_modules',
      ]).then(
        () => true,
        () => false,
      );
      const pathspec =
        options.paths && options.paths.length > 0
          ? [...options.paths]
          : ['.', ...(modulesIgnored ? [] : [':!node_modules'])];
      await runGit(workspace.path, ['add', '--all', '--', ...pathspec]);
      await runGit(workspace.path, [
        ...(await identityArguments()),
        'commit',
        '--quiet',
        '--allow-empty',
        '--no-verify',
        '-m',
        options.subject,
        ...trailerArguments(options.trailers),
      ]);
      return (await runGit(workspace.path, ['rev-parse', 'HEAD'])).trim();
    },
    async changedFiles(workspace) {
      const committed = await runGit(workspace.path, ['diff', '--name-only', workspace.baseCommit, 'HEAD']);
      const uncommitted = await runGit(workspace.path, [
        'status',
        '--porcelain',
        '--untracked-files=all',
        '--',
        '.',
        ':!node_modules',
      ]);
      const files = new Set(committed.split('\n').filter(Boolean));
      for (const line of uncommitted.split('\n').filter(Boolean)) files.add(line.slice(3));
      return [...files].sort();
    },
    committedBlobIds(workspace, commit, paths) {
      return committedBlobIds(workspace.path, commit, paths);
    },
    async release(workspace) {
      await removeWorktree(repository, dataDir, workspace, { keepBranch: true });
    },
  };
}

interface ListedFile {
  /** Relative to the listed root, in the platform's separators. */
  path: string;
  symlink: boolean;
}

/** The files under `root`, sorted by path; folders are walked, symlinks are listed, not followed. */
function listFiles(root: string): ListedFile[] {
  const files: ListedFile[] = [];
  const walk = (folder: string) => {
    // Entry types come with the listing, so no file needs a stat of its own.
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push({ path: relative(root, path), symlink: entry.isSymbolicLink() });
    }
  };
  walk(root);
  return files.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}

function hashFolder(root: string): string {
  const hash = createHash('sha1');
  for (const file of listFiles(root)) {
    const absolute = join(root, file.path);
    hash
      .update(file.path)
      .update('\0')
      .update(file.symlink ? `-> ${readlinkSync(absolute)}` : readFileSync(absolute))
      .update('\0');
  }
  return hash.digest('hex');
}

/**
 * Removes a folder and what it holds, a missing one included. An attempt's folder holds a few
 * files: walking it with typed listings costs a quarter of rmSync's stat-per-entry removal and a
 * tenth of fs/promises' recursive rm.
 */
function removeFolder(folder: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) removeFolder(path);
    else unlinkSync(path);
  }
  rmdirSync(folder);
}

/**
 * Attempts in plain, initially empty folders under `<dataDir>/scratch`; the "commit" is a hash of
 * the folder's files. Nothing is merged: dependencies' files are not there. Meant for timing the
 * engine and for plans whose checks do not read the repository.
 */
export function createDirectoryWorkspaces(dataDir: string): WorkspaceFactory {
  const root = join(dataDir, 'scratch');
  return {
    kind: 'directory',
    async currentCommit() {
      return 'directory';
    },
    async open(options) {
      const branch = worktreeBranchName(options.runId, options.componentId, options.attempt);
      const path = join(root, options.runId, options.componentId, String(options.attempt));
      const exists = existsSync(path);
      if (!(options.reuseExisting && exists)) {
        if (exists) removeFolder(path);
        mkdirSync(path, { recursive: true });
      }
      return { path, branch, baseCommit: options.bases[0] ?? 'directory' };
    },
    async commit(workspace) {
      return hashFolder(workspace.path);
    },
    async changedFiles(workspace) {
      return listFiles(workspace.path).map((file) => file.path);
    },
    // The folder is the commit: its files as they are now.
    async committedBlobIds(workspace, _commit, paths) {
      const blobs = new Map<string, string>();
      for (const path of paths) {
        const absolute = join(workspace.path, path);
        if (existsSync(absolute)) blobs.set(path, gitBlobId(readFileSync(absolute)));
      }
      return blobs;
    },
    async release(workspace) {
      removeFolder(workspace.path);
      // The component's folder, once its last attempt is gone; the run's folder is left for the next one.
      try {
        rmdirSync(dirname(workspace.path));
      } catch {
        // Another attempt of the component is still there.
      }
    },
  };
}
