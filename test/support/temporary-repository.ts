import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TemporaryRepository {
  root: string;
  write(path: string, text: string): string;
  git(...args: string[]): string;
  remove(): void;
}

/** A fresh git repository in a temp folder, with files written on request. */
export function createTemporaryRepository(files: Record<string, string> = {}): TemporaryRepository {
  const root = mkdtempSync(join(tmpdir(), 'baton-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ada',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_COMMITTER_NAME: 'Ada',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
      },
    });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ada Lovelace');
  git('config', 'user.email', 'ada@example.com');
  const write = (path: string, text: string) => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    return absolute;
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { root, write, git, remove: () => rmSync(root, { recursive: true, force: true }) };
}
