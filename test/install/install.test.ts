import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Installs Baton into a scratch project the three ways the README shows — a packed tarball, a git
 * URL, a global install — and runs it there. Slow (npm installs every dependency and builds the
 * SQLite binding from source each time), so it runs in CI (CI=true) or with BATON_INSTALL_TESTS=1.
 */
const enabled = Boolean(process.env.CI || process.env.BATON_INSTALL_TESTS);
const repository = fileURLToPath(new URL('../../', import.meta.url));
const minutes = 60_000;

let scratch: string;
let tarball: string;
const durations: string[] = [];

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function must(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}

/** A user's project: a git repository with a package.json and nothing else. */
function scratchProject(name: string): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`,
  );
  execFileSync('git', ['init', '--quiet'], { cwd: root });
  return root;
}

/** What the installed package needs at run time is there, and the command works in the project. */
function expectWorkingInstall(packageRoot: string, baton: (args: string[]) => ReturnType<typeof run>) {
  for (const path of [
    'bin/baton.js',
    'dist/cli/main.js',
    'dist/cli/commands/commands.json',
    'dist/index.js',
  ]) {
    expect(existsSync(join(packageRoot, path)), path).toBe(true);
  }
  expect(readdirSync(join(packageRoot, 'assets')).length).toBeGreaterThan(0);
  const help = baton(['--help']);
  expect(help.code, help.stderr).toBe(0);
  expect(help.stdout).toContain('Usage: baton');
  // Opening the ledger loads the native SQLite binding: it was built, or the message says why not.
  const status = baton(['ledger', 'status', '--json']);
  if (status.code !== 0) throw new Error(`baton ledger status failed:\n${status.stderr}`);
  expect(JSON.parse(status.stdout)).toMatchObject({ dialect: 'sqlite' });
}

async function timed(label: string, work: () => void): Promise<void> {
  const started = performance.now();
  work();
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  durations.push(`${label}: ${seconds} s`);
  console.log(`[install] ${label}: ${seconds} s`);
}

describe.skipIf(!enabled)('installing Baton into a project', () => {
  beforeAll(() => {
    if (!existsSync(join(repository, 'dist/cli/commands/commands.json'))) {
      throw new Error('Build Baton first (`npm run build`): the tarball packs dist/.');
    }
    scratch = mkdtempSync(join(tmpdir(), 'baton-install-'));
    const packed = must('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], repository);
    tarball = join(scratch, packed.stdout.trim().split('\n').at(-1) ?? '');
  }, 5 * minutes);
  afterAll(() => {
    if (durations.length > 0) console.log(`[install] durations: ${durations.join('; ')}`);
    // Three installs of every dependency take a while to delete on a busy disk.
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 10 * minutes);

  it(
    'npm install -D from a packed tarball',
    async () => {
      const project = scratchProject('from-tarball');
      await timed('tarball', () => must('npm', ['install', '-D', '--prefer-offline', tarball], project));
      expectWorkingInstall(join(project, 'node_modules/baton-workbench'), (args) =>
        run('npx', ['--no-install', 'baton', ...args], project),
      );
    },
    30 * minutes,
  );

  it(
    'npm install -D from a git URL (prepare builds it)',
    async () => {
      const project = scratchProject('from-git');
      const commit = must('git', ['rev-parse', 'HEAD'], repository).stdout.trim();
      const bare = join(scratch, 'baton.git');
      must('git', ['clone', '--quiet', '--bare', repository, bare], scratch);
      await timed('git URL', () =>
        must('npm', ['install', '-D', '--prefer-offline', `git+file://${bare}#${commit}`], project),
      );
      expectWorkingInstall(join(project, 'node_modules/baton-workbench'), (args) =>
        run('npx', ['--no-install', 'baton', ...args], project),
      );
    },
    45 * minutes,
  );

  it(
    'npm install -g into a prefix',
    async () => {
      const prefix = join(scratch, 'global');
      const project = scratchProject('with-global');
      await timed('global', () =>
        must('npm', ['install', '-g', '--prefer-offline', '--prefix', prefix, tarball], scratch),
      );
      const path = `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`;
      expectWorkingInstall(join(prefix, 'lib/node_modules/baton-workbench'), (args) =>
        run('npx', ['--no-install', 'baton', ...args], project, { PATH: path, npm_config_prefix: prefix }),
      );
      const direct = run('baton', ['--version'], project, { PATH: path });
      expect(direct.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    },
    30 * minutes,
  );
});
