import { cp, lstat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';

/** Folders too large or too shared to copy: they are mounted read-only at their place instead. */
const mountedReadOnly = new Set(['node_modules', '.git', '.baton']);

/** A throwaway copy of a project, which the sandbox mounts at the project's own path. */
export interface ProjectCopy {
  /** The project folder the copy stands in for (absolute). */
  projectRoot: string;
  /** Where the copy lives on the host. */
  path: string;
  /** Folders of the project left out of the copy and mounted read-only (absolute, in the project). */
  readOnlyFolders: string[];
  remove(): Promise<void>;
}

/**
 * Copies a project to a fresh temporary folder, leaving out `node_modules` (at any depth), `.git`
 * and `.baton`, which the sandbox mounts read-only, so that code under test can write anywhere in
 * the project without touching the original. Symbolic links are copied as links.
 */
export async function createProjectCopy(projectRoot: string): Promise<ProjectCopy> {
  const holder = await mkdtemp(join(tmpdir(), 'baton-copy-'));
  const path = join(holder, 'project');
  const readOnlyFolders: string[] = [];
  try {
    await cp(projectRoot, path, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      filter: async (source) => {
        if (source === projectRoot || !mountedReadOnly.has(basename(source))) return true;
        // A symbolic link named node_modules is copied as the link; only real folders are mounted.
        if (!(await lstat(source)).isDirectory()) return true;
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
