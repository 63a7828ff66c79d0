import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from './__fixtures__/fixture-project.js';
import { loadVerifyProject, toProjectPath } from './project.js';
import { prepareRun, verify } from './verify.js';
import { createVerifySession } from './verify-session.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const manifest = JSON.stringify({ name: 'app', type: 'module' });
const scopeOf = (root: string, files: readonly string[]) =>
  files.map((file) => toProjectPath(root, file)).sort();

function git(root: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: root, stdio: 'ignore' });
}

function initGit(root: string): void {
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'dev@example.com');
  git(root, 'config', 'user.name', 'Dev');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial');
}

/** An Nx-style repository: a solution tsconfig whose references name two projects with their own options. */
const solution = {
  'package.json': manifest,
  'tsconfig.json': JSON.stringify({
    files: [],
    references: [{ path: './packages/app' }, { path: './packages/lib/tsconfig.lib.json' }],
  }),
  'packages/app/tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, composite: true, types: [], module: 'NodeNext' },
    include: ['src'],
    exclude: ['src/**/*.test.ts'],
    references: [{ path: '../lib/tsconfig.lib.json' }],
  }),
  'packages/app/src/main.ts': 'export function double(value) {\n  return value * 2;\n}\n',
  'packages/app/src/main.test.ts': 'const broken: number = "not checked";\n',
  'packages/lib/tsconfig.lib.json': JSON.stringify({
    compilerOptions: { strict: false, composite: true, types: [], module: 'NodeNext' },
    include: ['src'],
  }),
  'packages/lib/src/index.ts': 'export function triple(value) {\n  return value * 3;\n}\n',
  'tools/scratch.ts': 'const scratch: number = "not in any tsconfig";\n',
};

describe('the files verify checks by default', () => {
  it('follows a solution tsconfig into every referenced project, each with its own options', async () => {
    project = createFixtureProject({ files: solution });
    const loaded = loadVerifyProject({ root: project.root });
    expect(scopeOf(project.root, loaded.scope)).toEqual([
      'packages/app/src/main.ts',
      'packages/lib/src/index.ts',
    ]);
    expect(loaded.scopeWarnings).toEqual([]);

    const report = await verify({ root: project.root, checks: ['types', 'api'], nativeCompiler: 'off' });
    // Implicit any is an error under the app's strict options and allowed by the library's.
    expect(report.findings.map((finding) => `${finding.file} ${finding.tsCode}`)).toEqual([
      'packages/app/src/main.ts 7006',
    ]);
    expect(report.filesVerified).toBe(2);
    expect(report.checks.map((run) => [run.id, run.files])).toEqual([
      ['types', 2],
      ['api', 2],
    ]);
  });

  it('the native compiler runs each referenced project, and agrees', async () => {
    project = createFixtureProject({ files: solution });
    const report = await verify({ root: project.root, checks: ['types'] });
    expect(report.findings.map((finding) => `${finding.file} ${finding.tsCode}`)).toEqual([
      'packages/app/src/main.ts 7006',
    ]);
  });

  it("a warm session applies each referenced project's options too", async () => {
    project = createFixtureProject({ files: solution });
    const session = createVerifySession({ root: project.root, checks: ['types'] });
    const report = await session.run();
    expect(report.findings.map((finding) => `${finding.file} ${finding.tsCode}`)).toEqual([
      'packages/app/src/main.ts 7006',
    ]);
  });

  it('warns when a reference cannot be read, naming it', () => {
    project = createFixtureProject({
      files: {
        ...solution,
        'tsconfig.json': JSON.stringify({
          files: [],
          references: [{ path: './packages/app' }, { path: './packages/gone' }],
        }),
      },
    });
    const loaded = loadVerifyProject({ root: project.root });
    // The library is still reached through the app's own reference to it.
    expect(scopeOf(project.root, loaded.scope)).toEqual([
      'packages/app/src/main.ts',
      'packages/lib/src/index.ts',
    ]);
    expect(loaded.scopeWarnings).toEqual([
      "tsconfig.json references packages/gone/tsconfig.json, which does not exist: that project's files were not checked.",
    ]);
  });

  it('honours exclude, and warns when include matches nothing while the folder has sources', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': JSON.stringify({ include: ['src'], exclude: ['src/scratch'] }),
        'src/index.ts': 'export const one = 1;\n',
        'src/scratch/try.ts': 'export const two: number = "2";\n',
        'bench/run.ts': 'export const three = 3;\n',
      },
    });
    expect(scopeOf(project.root, loadVerifyProject({ root: project.root }).scope)).toEqual(['src/index.ts']);

    project.write('tsconfig.json', JSON.stringify({ include: ['source'] }));
    const report = await verify({ root: project.root, checks: ['types'] });
    expect(report.filesVerified).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.notices).toEqual([
      'tsconfig.json names no source files (its include and files match nothing) while the folder holds 3 source files: fix its include or files, or name the paths to verify.',
    ]);
  });

  it('without a tsconfig, checks what git tracks or does not ignore, and leaves ignored files out', () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        '.gitignore': 'generated/\n',
        'src/app.js': 'export const app = 1;\n',
        'generated/client.js': 'export const client = 1;\n',
      },
    });
    initGit(project.root);
    project.write('src/new.ts', 'export const fresh = 1;\n');
    const loaded = loadVerifyProject({ root: project.root });
    expect(loaded.scopeSource).toBe('git');
    expect(scopeOf(project.root, loaded.scope)).toEqual(['src/app.js', 'src/new.ts']);
  });

  it('walks a folder that git ignores as a whole, such as an attempt folder under .baton/', () => {
    project = createFixtureProject({ files: { 'package.json': manifest, '.gitignore': '.baton/\n' } });
    initGit(project.root);
    project.write('.baton/attempt/src/app.ts', 'export const app = 1;\n');
    const attempt = `${project.root}/.baton/attempt`;
    const loaded = loadVerifyProject({ root: attempt });
    expect(loaded.scopeSource).toBe('folder');
    expect(scopeOf(attempt, loaded.scope)).toEqual(['src/app.ts']);
  });

  it('outside git, walks the folder', () => {
    project = createFixtureProject({
      files: { 'package.json': manifest, 'src/app.js': 'export const app = 1;\n' },
    });
    const loaded = loadVerifyProject({ root: project.root });
    expect(loaded.scopeSource).toBe('folder');
    expect(scopeOf(project.root, loaded.scope)).toEqual(['src/app.js']);
  });

  it('checks named paths even outside the scope, and --changed keeps to the scope', () => {
    project = createFixtureProject({ files: solution });
    initGit(project.root);
    project.write('packages/app/src/main.ts', 'export const changed = 1;\n');
    project.write('packages/app/src/main.test.ts', 'export const changedToo = 1;\n');
    const changed = prepareRun({ root: project.root, changedSince: 'HEAD' });
    expect(scopeOf(project.root, changed.targets)).toEqual(['packages/app/src/main.ts']);

    const named = prepareRun({ root: project.root, paths: ['packages/app/src/main.test.ts'] });
    expect(scopeOf(project.root, named.targets)).toEqual(['packages/app/src/main.test.ts']);
    expect(named.project.rootNames).toContain(named.targets[0]);
  });
});
