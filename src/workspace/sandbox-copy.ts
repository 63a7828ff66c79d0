import { cp, lstat, mkdtemp, readdir, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';

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
    await cp(projectRoot, path, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      filter: async (source) => {
        const name = basename(source);
        if (source === projectRoot || !mountedReadOnly.has(name)) return true;
        const isFolder = (await lstat(source)).isDirectory();
        if (
          name === 'node_modules' &&
          (isFolder || (await stat(source).catch(() => undefined))?.isDirectory())
        ) {
          const real = await realpath(source);
          const entries = (await readdir(real)).filter((entry) => !toolCaches.test(entry));
          dependencyFolders.push({ path: source, source: real, entries });
          return false;
        }
        if (!isFolder) return true;
        readOnlyFolders.push(source);
        return false;
      },
    });
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

/** Where a path inside the project lives in the copy; undefined for paths outside the project. */
export function pathInCopy(copy: ProjectCopy, projectPath: string): string | undefined {
  const inside = relative(copy.projectRoot, projectPath);
  if (inside === '') return copy.path;
  if (inside.startsWith(`..${sep}`) || inside === '..' || inside.startsWith(sep)) return undefined;
  return join(copy.path, inside);
}
