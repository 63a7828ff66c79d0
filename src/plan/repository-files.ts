import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';

/** The files of a project folder, listed once, matched against many globs. */
export interface RepositoryFiles {
  root: string;
  /** Every file, relative to the root with `/` separators, sorted. */
  files: readonly string[];
  has(path: string): boolean;
  /** Whether a folder (relative to the root) exists on disk. */
  hasFolder(path: string): boolean;
  /** Files a glob matches; a path without glob characters matches itself when it exists. */
  match(pattern: string): string[];
}

export function isGlobPattern(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

function listWithGit(root: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (error, output) => {
        if (error) return resolve(undefined);
        // Deleted-but-tracked files are still listed by ls-files; keep only what is on disk.
        resolve(
          output
            .split('\0')
            .filter((path) => path !== '')
            .filter((path) => existsSync(join(root, path))),
        );
      },
    );
  });
}

/**
 * Lists the files under `root`: git's view (tracked and untracked, ignores honoured) inside a work tree,
 * else a walk that skips `node_modules` and `.git`.
 */
export async function listRepositoryFiles(root: string): Promise<RepositoryFiles> {
  const files = (
    (await listWithGit(root)) ??
    globSync('**/*', { cwd: root, dot: true, ignore: ['**/node_modules/**', '**/.git/**'], onlyFiles: true })
  ).sort();
  const fileSet = new Set(files);
  const folders = new Set<string>(existsSync(root) ? ['.', ''] : []);
  for (const file of files) {
    for (let folder = dirname(file); folder !== '.' && !folders.has(folder); folder = dirname(folder)) {
      folders.add(folder);
    }
  }
  const cache = new Map<string, string[]>();
  return {
    root,
    files,
    has: (path) => fileSet.has(normalize(path)),
    hasFolder: (path) => {
      const folder = normalize(path);
      if (folders.has(folder)) return true;
      const absolute = join(root, folder);
      return existsSync(absolute) && statSync(absolute).isDirectory();
    },
    match: (pattern) => {
      const key = normalize(pattern);
      const cached = cache.get(key);
      if (cached) return cached;
      let matched: string[];
      if (!isGlobPattern(key)) {
        matched = fileSet.has(key) ? [key] : [];
      } else {
        const { base } = picomatch.scan(key);
        const prefix = base === '' || base === '.' ? '' : `${base}/`;
        const isMatch = picomatch(key, { dot: true });
        matched = [];
        // The list is sorted, so the files under the glob's literal folder are one run of it.
        for (let index = firstAtOrAfter(files, prefix); index < files.length; index++) {
          const file = files[index] as string;
          if (!file.startsWith(prefix)) break;
          if (isMatch(file)) matched.push(file);
        }
      }
      cache.set(key, matched);
      return matched;
    },
  };
}

/** The index of the first entry of a sorted list that is not before `value`. */
function firstAtOrAfter(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}
