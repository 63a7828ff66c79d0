import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { BatonError } from '../core/errors.js';
import { runGit } from './git.js';

/** Parts of a branch name: letters, digits, `.`, `_` and `-`, not starting with `.` or `-`. */
const segmentPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function checkSegment(kind: string, value: string): void {
  if (!segmentPattern.test(value) || value.includes('..') || value.endsWith('.lock') || value.endsWith('.')) {
    throw new BatonError({
      code: 'WORKTREE_FAILED',
      message: `The ${kind} "${value}" cannot be part of a git branch name.`,
      hint: 'Use letters, digits, ".", "_" and "-" only, not starting with "." or "-".',
      details: { [kind]: value },
    });
  }
}

/**
 * The branch of one component attempt: `baton/<run-id>/<component-id>/<attempt>`, so every branch
 * Baton makes sorts under `baton/`, groups by run, and says which attempt it holds.
 */
export function worktreeBranchName(runId: string, componentId: string, attempt: number): string {
  checkSegment('run id', runId);
  checkSegment('component id', componentId);
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new BatonError({ code: 'WORKTREE_FAILED', message: `Attempt numbers start at 1; got ${attempt}.` });
  }
  return `baton/${runId}/${componentId}/${attempt}`;
}

/** Where worktrees live: `<dataDir>/worktrees/<run-id>/<component-id>/<attempt>`. */
export function worktreesRoot(dataDir: string): string {
  return join(dataDir, 'worktrees');
}

export const runOwnerSchema = z.object({ pid: z.number().int(), host: z.string(), startedAt: z.string() });
export type RunOwner = z.infer<typeof runOwnerSchema>;

export function runOwnerFile(dataDir: string, runId: string): string {
  return join(worktreesRoot(dataDir), runId, 'owner.json');
}

/** Who owns a run's worktrees, if the owner file is there and readable. */
export function readRunOwner(dataDir: string, runId: string): RunOwner | undefined {
  const path = runOwnerFile(dataDir, runId);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = runOwnerSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface Worktree {
  path: string;
  branch: string;
  runId: string;
  componentId: string;
  attempt: number;
  /** The commit the attempt started from. */
  baseCommit: string;
}

export interface CreateWorktreeOptions {
  /** The repository's root. */
  repository: string;
  dataDir: string;
  runId: string;
  componentId: string;
  attempt: number;
  /** What the attempt starts from. @default 'HEAD' */
  base?: string;
}

/**
 * Makes a fresh git worktree on a new branch for one component attempt, and records this process as
 * the run's owner so that `baton gc` can tell a live run from a crashed one.
 */
export async function createWorktree(options: CreateWorktreeOptions): Promise<Worktree> {
  const branch = worktreeBranchName(options.runId, options.componentId, options.attempt);
  const root = worktreesRoot(options.dataDir);
  const path = join(root, options.runId, options.componentId, String(options.attempt));
  if (existsSync(path)) {
    throw new BatonError({
      code: 'WORKTREE_FAILED',
      message: `A worktree for ${branch} already exists at ${path}.`,
      hint: 'Run `baton gc` to remove worktrees left by a crashed run, or use the next attempt number.',
      details: { path, branch },
    });
  }
  mkdirSync(dirname(path), { recursive: true });
  // The repository must never see worktrees as untracked files, whatever its own .gitignore says.
  const ignoreFile = join(root, '.gitignore');
  if (!existsSync(ignoreFile)) writeFileSync(ignoreFile, '*\n');
  const ownerFile = runOwnerFile(options.dataDir, options.runId);
  const owner = readRunOwner(options.dataDir, options.runId);
  if (!owner || owner.pid !== process.pid || owner.host !== hostname()) {
    const record: RunOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    writeFileSync(ownerFile, `${JSON.stringify(record, null, 2)}\n`);
  }
  const baseCommit = (
    await runGit(options.repository, ['rev-parse', '--verify', `${options.base ?? 'HEAD'}^{commit}`])
  ).trim();
  await runGit(options.repository, ['worktree', 'add', '--quiet', '-b', branch, path, baseCommit]);
  return {
    path,
    branch,
    runId: options.runId,
    componentId: options.componentId,
    attempt: options.attempt,
    baseCommit,
  };
}

/** Removes empty folders from `start` up to, not including, `stop`. */
export function removeEmptyParents(start: string, stop: string): void {
  let current = start;
  while (current.startsWith(stop) && current !== stop) {
    try {
      if (readdirSync(current).length > 0) return;
      rmdirSync(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}

/** Removes an attempt's worktree and, unless kept for review or merge, its branch. */
export async function removeWorktree(
  repository: string,
  dataDir: string,
  worktree: Pick<Worktree, 'path' | 'branch'>,
  options: { keepBranch?: boolean } = {},
): Promise<void> {
  if (existsSync(worktree.path)) await runGit(repository, ['worktree', 'remove', '--force', worktree.path]);
  await runGit(repository, ['worktree', 'prune']);
  if (!options.keepBranch) {
    const exists = await runGit(repository, ['branch', '--list', worktree.branch]);
    if (exists.trim() !== '') await runGit(repository, ['branch', '-D', '--quiet', worktree.branch]);
  }
  removeEmptyParents(dirname(worktree.path), worktreesRoot(dataDir));
}
