import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { type PackageManager, packageManagers } from './package-managers.js';

export interface ProjectFacts {
  packageManager: PackageManager;
  /** How the package manager was found, for `baton init` to report. */
  packageManagerSource: 'package.json' | 'lockfile' | 'default';
  testCommand: string | undefined;
  tsconfig: string | undefined;
}

const lockfiles: readonly [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

// npm init writes this placeholder; it is not a test command.
const npmPlaceholderTest = /no test specified/;

function readPackageJson(
  root: string,
): { packageManager?: unknown; scripts?: Record<string, unknown> } | undefined {
  const path = join(root, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Reads what a repository says about itself: package manager, test script, tsconfig. */
export function detectProject(root: string): ProjectFacts {
  const manifest = readPackageJson(root);
  let packageManager: PackageManager = 'npm';
  let packageManagerSource: ProjectFacts['packageManagerSource'] = 'default';
  const declared =
    typeof manifest?.packageManager === 'string' ? manifest.packageManager.split('@')[0] : undefined;
  const lockfile = lockfiles.find(([file]) => existsSync(join(root, file)));
  if (declared && (packageManagers as readonly string[]).includes(declared)) {
    packageManager = declared as PackageManager;
    packageManagerSource = 'package.json';
  } else if (lockfile) {
    packageManager = lockfile[1];
    packageManagerSource = 'lockfile';
  }

  const testScript = manifest?.scripts?.test;
  const hasTestScript =
    typeof testScript === 'string' && testScript.trim() !== '' && !npmPlaceholderTest.test(testScript);
  const testCommand = hasTestScript
    ? packageManager === 'bun'
      ? 'bun run test'
      : `${packageManager} test`
    : undefined;
  const tsconfig = existsSync(join(root, 'tsconfig.json')) ? 'tsconfig.json' : undefined;
  return { packageManager, packageManagerSource, testCommand, tsconfig };
}

/** git's `user.name` for the repository, else the operating system user. */
export function detectPerson(root: string): string {
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (name) return name;
  } catch {
    // Not configured: fall through to the login name.
  }
  return userInfo().username;
}

/** The top of the git work tree containing `directory`, or undefined outside git. */
export function findGitRoot(directory: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}
