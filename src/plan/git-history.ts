import { execFile } from 'node:child_process';

/** What git remembers about one file. */
export interface FileHistory {
  commits: number;
  authors: ReadonlySet<string>;
  /** Unix seconds of the oldest and newest commit that touched the file. */
  firstCommitAt: number;
  lastCommitAt: number;
}

/** History of the files under a folder, read with one `git log`; empty outside a git work tree. */
export interface GitHistory {
  available: boolean;
  /** Unix seconds of HEAD's commit: ages are measured back from it, so results do not drift with the clock. */
  headCommitAt: number;
  of(path: string): FileHistory | undefined;
}

const recordSeparator = '\u001e';

function git(root: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }, (error, output) =>
      error ? reject(error) : resolve(output),
    );
  });
}

const unavailable: GitHistory = { available: false, headCommitAt: 0, of: () => undefined };

/**
 * Reads age, churn and authors of the given files (paths relative to `root`; all files under it when
 * omitted) from one `git log` limited to those paths, so a long history elsewhere costs nothing.
 */
export async function readGitHistory(root: string, paths?: readonly string[]): Promise<GitHistory> {
  if (paths?.length === 0) return unavailable;
  let headOutput: string;
  let log: string;
  try {
    // Past a few thousand paths the command line gets long; the whole folder's log is then simpler.
    const pathspecs = paths && paths.length <= 4000 ? paths.map((path) => `:(literal)${path}`) : ['.'];
    [headOutput, log] = await Promise.all([
      git(root, ['log', '-1', '--format=%ct']),
      git(root, [
        'log',
        '--no-renames',
        '--relative',
        `--format=${recordSeparator}%ct%x09%aN <%aE>`,
        '--name-only',
        '--',
        ...pathspecs,
      ]),
    ]);
  } catch {
    return unavailable;
  }
  const headCommitAt = Number(headOutput.trim());
  if (headOutput.trim() === '' || !Number.isFinite(headCommitAt)) return unavailable;
  const histories = new Map<string, { commits: number; authors: Set<string>; first: number; last: number }>();
  for (const record of log.split(recordSeparator)) {
    const [header, ...paths] = record.split('\n');
    if (!header) continue;
    const [time, author] = header.split('\t');
    const committedAt = Number(time);
    for (const path of paths) {
      if (path === '') continue;
      const entry = histories.get(path);
      if (entry) {
        entry.commits++;
        entry.authors.add(author ?? '');
        entry.first = Math.min(entry.first, committedAt);
        entry.last = Math.max(entry.last, committedAt);
      } else {
        histories.set(path, {
          commits: 1,
          authors: new Set([author ?? '']),
          first: committedAt,
          last: committedAt,
        });
      }
    }
  }
  return {
    available: true,
    headCommitAt,
    of: (path) => {
      const entry = histories.get(path);
      return entry
        ? {
            commits: entry.commits,
            authors: entry.authors,
            firstCommitAt: entry.first,
            lastCommitAt: entry.last,
          }
        : undefined;
    },
  };
}
