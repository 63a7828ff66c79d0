import {
  constants,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/** Folders too large or too shared to copy: they are mounted read-only at their place instead. */
const mountedReadOnly = new Set(['node_modules', '.git', '.baton']);

/** Caches tools keep in node_modules: left out, so that each run starts them empty and may write them. */
const toolCaches = /^\.(?:cache|vite|vite-temp|vitest|eslintcache|tmp)$/;

/**
 * A dependency folder, mounted as a fresh writable folder holding each of its entries read-only: the
 * packages cannot be changed, while tools can still create their caches beside them
 * (`node_modules/.vite-temp`, `.cache`).
 */
export interface DependencyFolder {
  /** Where it is in the project (absolute). */
  path: string;
  /** The real folder whose entries are mounted (a linked node_modules resolved). */
  source: string;
  entries: string[];
}

/** A throwaway copy of a project, which the sandbox mounts at the project's own path. */
export interface ProjectCopy {
  /** The project folder the copy stands in for (absolute). */
  projectRoot: string;
  /** Where the copy lives on the host. */
  path: string;
  /** Folders of the project left out of the copy and mounted read-only (absolute, in the project). */
  readOnlyFolders: string[];
  /** `node_modules` folders (real or linked), left out of the copy. */
  dependencyFolders: DependencyFolder[];
  remove(): Promise<void>;
}

/**
 * Copies a project to a fresh temporary folder, leaving out `node_modules` (at any depth, also when
 * it is a link), `.git` and `.baton`, which the sandbox mounts read-only, so that code under test can
 * write anywhere in the project without touching the original. Other links are copied as links.
 */
export async function createProjectCopy(projectRoot: string): Promise<ProjectCopy> {
  const holder = await mkdtemp(join(tmpdir(), 'baton-copy-'));
  const path = join(holder, 'project');
  const readOnlyFolders: string[] = [];
  const dependencyFolders: DependencyFolder[] = [];
  try {
    mkdirSync(path);
    copyTree(projectRoot, path, { readOnlyFolders, dependencyFolders });
  } catch (error) {
    await rm(holder, { recursive: true, force: true });
    throw error;
  }
  return {
    projectRoot,
    path,
    readOnlyFolders,
    dependencyFolders,
    remove: () => rm(holder, { recursive: true, force: true }),
  };
}

/**
 * Copies a folder's files (a copy-on-write clone where the file system offers one) and links, in one
 * synchronous walk: much faster than `fs.cp` with a filter on projects of thousands of files.
 */
function copyTree(
  source: string,
  target: string,
  left: { readOnlyFolders: string[]; dependencyFolders: DependencyFolder[] },
): void {
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (mountedReadOnly.has(entry.name)) {
      const isFolder = entry.isDirectory() || (entry.isSymbolicLink() && isFolderSync(from));
      if (entry.name === 'node_modules' && isFolder) {
        const real = realpathSync(from);
        const entries = readdirSync(real).filter((name) => !toolCaches.test(name));
        left.dependencyFolders.push({ path: from, source: real, entries });
        continue;
      }
      if (entry.isDirectory()) {
        left.readOnlyFolders.push(from);
        continue;
      }
    }
    if (entry.isDirectory()) {
      mkdirSync(to, { mode: statSync(from).mode });
      copyTree(from, to, left);
    } else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (entry.isFile()) copyFileSync(from, to, constants.COPYFILE_FICLONE);
  }
}

function isFolderSync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Where a path inside the project lives in the copy; undefined for paths outside the project. */
export function pathInCopy(copy: ProjectCopy, projectPath: string): string | undefined {
  const inside = relative(copy.projectRoot, projectPath);
  if (inside === '') return copy.path;
  if (inside.startsWith(`..${sep}`) || inside === '..' || inside.startsWith(sep)) return undefined;
  return join(copy.path, inside);
}
