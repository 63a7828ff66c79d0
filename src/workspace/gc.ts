import { existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { runGit } from './git.js';
import { type RunOwner, readRunOwner, worktreesRoot } from './worktree.js';

export interface GarbageReport {
  removedWorktrees: string[];
  removedBranches: string[];
  /** Runs left alone because their owner process is still alive. */
  liveRuns: string[];
  /** Branches of dead runs kept because something still needs them, with the reason. */
  keptBranches: { branch: string; reason: string }[];
}

/** Why a branch must stay, and whether its worktree folder too (uncommitted work); undefined to let it go. */
export type KeepBranch = (branch: string) => { reason: string; keepWorktree: boolean } | undefined;

export interface CollectGarbageOptions {
  repository: string;
  dataDir: string;
  /** Only report what would be removed. */
  dryRun?: boolean;
  /** Remove every Baton worktree and branch, live runs included. */
  all?: boolean;
  /** Decides whether a run's owner is still running; injectable for tests. @default a signal-0 probe on this host */
  isAlive?: (owner: RunOwner) => boolean;
  /**
   * Branches of dead runs that must stay (a resume, a review or a merge needs them); the caller
   * knows from the ledger, which sits below this part. Ignored with `all`. @default keep nothing
   */
  keep?: KeepBranch;
}

function processIsAlive(owner: RunOwner): boolean {
  if (owner.host !== hostname()) return true; // Another machine's run: not ours to judge.
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runOf(branch: string): string | undefined {
  return /^baton\/([^/]+)\/[^/]+\/\d+$/.exec(branch)?.[1];
}

/** The branch an attempt's folder belongs to, from its place: `<root>/<run>/<component>/<attempt>`. */
function branchOfFolder(root: string, path: string): string | undefined {
  const parts = resolve(path)
    .slice(root.length + 1)
    .split(sep);
  return parts.length === 3 ? `baton/${parts.join('/')}` : undefined;
}

/** Removes `folder` and everything in it but the kept folders (and the folders on the way to them). */
function removeFolderExcept(folder: string, kept: ReadonlySet<string>): void {
  const resolved = resolve(folder);
  if (kept.has(resolved)) return;
  const holdsKept = [...kept].some((path) => path.startsWith(resolved + sep));
  if (!holdsKept) {
    rmSync(resolved, { recursive: true, force: true });
    return;
  }
  for (const name of readdirSync(resolved)) removeFolderExcept(join(resolved, name), kept);
}

/**
 * Removes what crashed runs left behind: worktrees under `<dataDir>/worktrees/` and `baton/<run>/…`
 * branches whose run has no live owner process, then prunes git's worktree records. Live runs, and
 * branches `keep` names (with their worktree where it says so), are left alone unless `all` is set.
 */
export async function collectGarbage(options: CollectGarbageOptions): Promise<GarbageReport> {
  const isAlive = options.isAlive ?? processIsAlive;
  // git prints real paths; compare real paths so a symlinked temp or home folder still matches.
  const configuredRoot = resolve(worktreesRoot(options.dataDir));
  const root = existsSync(configuredRoot) ? realpathSync(configuredRoot) : configuredRoot;
  const report: GarbageReport = { removedWorktrees: [], removedBranches: [], liveRuns: [], keptBranches: [] };
  const keep: KeepBranch = (branch) => (options.all ? undefined : options.keep?.(branch));
  const keptWorktrees = new Set<string>();
  const liveness = new Map<string, boolean>();
  const isLive = (runId: string) => {
    if (options.all) return false;
    let live = liveness.get(runId);
    if (live === undefined) {
      const owner = readRunOwner(options.dataDir, runId);
      live = owner !== undefined && isAlive(owner);
      liveness.set(runId, live);
      if (live) report.liveRuns.push(runId);
    }
    return live;
  };

  await runGit(options.repository, ['worktree', 'prune']);
  const listing = await runGit(options.repository, ['worktree', 'list', '--porcelain']);
  for (const block of listing.split('\n\n')) {
    const path = /^worktree (.+)$/m.exec(block)?.[1];
    const branch = /^branch refs\/heads\/(.+)$/m.exec(block)?.[1];
    if (!path || !resolve(path).startsWith(root + sep)) continue;
    const runId =
      (branch && runOf(branch)) ??
      resolve(path)
        .slice(root.length + 1)
        .split(sep)[0] ??
      '';
    if (isLive(runId)) continue;
    const owningBranch = branch ?? branchOfFolder(root, path);
    if (owningBranch && keep(owningBranch)?.keepWorktree) {
      keptWorktrees.add(resolve(path));
      continue;
    }
    if (!options.dryRun) await runGit(options.repository, ['worktree', 'remove', '--force', path]);
    report.removedWorktrees.push(path);
  }

  const branches = await runGit(options.repository, [
    'for-each-ref',
    '--format=%(refname:short)',
    'refs/heads/baton/',
  ]);
  for (const branch of branches.split('\n').filter(Boolean)) {
    const runId = runOf(branch);
    if (!runId || isLive(runId)) continue;
    const kept = keep(branch);
    if (kept) {
      report.keptBranches.push({ branch, reason: kept.reason });
      continue;
    }
    if (!options.dryRun) await runGit(options.repository, ['branch', '-D', '--quiet', branch]);
    report.removedBranches.push(branch);
  }

  // Folders of dead runs: owner files and half-made worktrees from a crash during creation.
  if (existsSync(root) && !options.dryRun) {
    for (const runId of readdirSync(root)) {
      if (runId === '.gitignore' || isLive(runId)) continue;
      removeFolderExcept(join(root, runId), keptWorktrees);
    }
  }
  if (!options.dryRun) await runGit(options.repository, ['worktree', 'prune']);
  return report;
}
