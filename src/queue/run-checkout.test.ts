import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutRun, pushComponentBranches } from './run-checkout.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'baton-run-checkout-'));
  folders.push(folder);
  return folder;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', '-c', 'init.defaultBranch=main', ...args],
    { cwd, encoding: 'utf8' },
  ).trim();
}

/** A bare remote holding one base commit, pushed as a run's base the way `baton run` does. */
function createRemote(runId: string): { remote: string; baseCommit: string } {
  const remote = join(temporaryFolder(), 'remote.git');
  git(tmpdir(), 'init', '--quiet', '--bare', remote);
  const source = temporaryFolder();
  git(source, 'init', '--quiet');
  writeFileSync(join(source, 'README.md'), 'base\n');
  git(source, 'add', 'README.md');
  git(source, 'commit', '--quiet', '-m', 'base');
  const baseCommit = git(source, 'rev-parse', 'HEAD');
  git(source, 'push', '--quiet', remote, `${baseCommit}:refs/baton/runs/${runId}/base`);
  // A file:// URL, as a remote on another machine: a local path would copy even unreachable objects.
  return { remote: `file://${remote}`, baseCommit };
}

/** A worker's attempt: a commit on the component's attempt branch in its checkout. */
function commitAttempt(checkout: string, branch: string, text: string): string {
  git(checkout, 'checkout', '--quiet', '-B', branch);
  writeFileSync(join(checkout, 'alpha.ts'), text);
  git(checkout, 'add', 'alpha.ts');
  git(checkout, 'commit', '--quiet', '-m', text);
  return git(checkout, 'rev-parse', 'HEAD');
}

function hasCommit(repository: string, sha: string): boolean {
  try {
    git(repository, 'cat-file', '-e', `${sha}^{commit}`);
    return true;
  } catch {
    return false;
  }
}

describe('checkouts of a distributed run', () => {
  it('keeps every commit recorded done on the remote, even when a second worker pushes the same attempt branch again', async () => {
    const runId = 'run_checkout';
    const { remote, baseCommit } = createRemote(runId);
    const branch = `baton/${runId}/alpha/1`;

    // Two workers ran the same job (one lost its lock while its gate held the CPU): each committed
    // attempt 1 and pushed it before recording it done; the later push moves the branch.
    const first = await checkoutRun({ workDir: temporaryFolder(), remote, baseCommit, runId });
    const firstCommit = commitAttempt(first, branch, 'export const alpha = 1;\n');
    await pushComponentBranches({ checkout: first, runId, componentId: 'alpha', doneCommit: firstCommit });
    const second = await checkoutRun({ workDir: temporaryFolder(), remote, baseCommit, runId });
    const secondCommit = commitAttempt(second, branch, 'export const alpha = 2;\n');
    await pushComponentBranches({ checkout: second, runId, componentId: 'alpha', doneCommit: secondCommit });
    expect(git(second, 'ls-remote', 'origin', `refs/heads/${branch}`)).toContain(secondCommit);

    // A worker starting a dependent merges whichever commit the ledger names: both are there.
    const dependent = await checkoutRun({ workDir: temporaryFolder(), remote, baseCommit, runId });
    expect(hasCommit(dependent, firstCommit)).toBe(true);
    expect(hasCommit(dependent, secondCommit)).toBe(true);

    // Publishing a commit again (a job handed out twice after it ended) is harmless.
    await pushComponentBranches({ checkout: first, runId, componentId: 'alpha', doneCommit: firstCommit });
    expect(git(first, 'ls-remote', 'origin', `refs/baton/runs/${runId}/done/*`)).toContain(firstCommit);
  });

  it('names the remote when a worker cannot push to it', async () => {
    const runId = 'run_unpushable';
    const { remote, baseCommit } = createRemote(runId);
    const checkout = await checkoutRun({ workDir: temporaryFolder(), remote, baseCommit, runId });
    const commit = commitAttempt(checkout, `baton/${runId}/alpha/1`, 'export const alpha = 1;\n');
    git(checkout, 'remote', 'set-url', 'origin', join(temporaryFolder(), 'gone.git'));
    await expect(
      pushComponentBranches({ checkout, runId, componentId: 'alpha', doneCommit: commit }),
    ).rejects.toThrow(/cannot reach the run's git remote .*gone\.git/);
  });
});
