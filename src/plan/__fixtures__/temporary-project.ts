import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TemporaryProject {
  root: string;
  write(path: string, text: string): void;
  /** Initialises git; commits then record who and when. */
  initGit(): void;
  commit(options: { author: string; date: string; files: Record<string, string>; message?: string }): void;
  remove(): void;
}

/** A project folder in the temp dir, optionally a git repository with commits by chosen authors and dates. */
export function createTemporaryProject(files: Record<string, string> = {}): TemporaryProject {
  const root = mkdtempSync(join(tmpdir(), 'baton-plan-'));
  const write = (path: string, text: string) => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return {
    root,
    write,
    initGit: () => {
      git(['init', '-q', '-b', 'main']);
      git(['config', 'user.name', 'Test']);
      git(['config', 'user.email', 'test@example.com']);
      git(['config', 'commit.gpgsign', 'false']);
    },
    commit: ({ author, date, files: changed, message }) => {
      for (const [path, text] of Object.entries(changed)) write(path, text);
      git(['add', '-A']);
      const email = `${author.toLowerCase().replace(/\s+/g, '.')}@example.com`;
      git(['commit', '-q', '-m', message ?? `change by ${author}`], {
        GIT_AUTHOR_NAME: author,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: author,
        GIT_COMMITTER_EMAIL: email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
