import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { createFixtureProject, type FixtureProject } from '../../verify/__fixtures__/fixture-project.js';

const manifest = JSON.stringify({ name: 'app', type: 'module', dependencies: { zod: '*' } });
const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src'],
});

let project: FixtureProject | undefined;
const folders: string[] = [];
afterEach(() => {
  project?.remove();
  project = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

function mistaken(): FixtureProject {
  return createFixtureProject({
    files: {
      'package.json': manifest,
      'tsconfig.json': tsconfig,
      'src/index.ts': "import { z } from 'zod';\nexport const s = z.strng();\n",
    },
  });
}

describe('baton verify for CI and agents', () => {
  it('--format github writes an error annotation at the finding and exits 1', async () => {
    project = mistaken();
    const run = await runBaton(['verify', '--checks', 'api', '--format', 'github'], project.root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /^::error file=src\/index\.ts,line=2,col=20,endColumn=25,title=baton api\/missing-member::"strng" does not exist on module z\. Did you mean "string"\? \(checked against zod@[\d.]+\)%0Ahint: Use "string"\.\n$/,
    );
  }, 60_000);

  it('--format gitlab writes a Code Quality report', async () => {
    project = mistaken();
    const run = await runBaton(['verify', '--checks', 'api', '--format', 'gitlab'], project.root);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        check_name: 'api/missing-member',
        severity: 'major',
        location: { path: 'src/index.ts', lines: { begin: 2 } },
      }),
    ]);
  }, 60_000);

  it('--format agent writes the verdict and the fix', async () => {
    project = mistaken();
    const run = await runBaton(['verify', '--checks', 'api', '--format', 'agent'], project.root);
    expect(run.stdout.split('\n')[0]).toMatch(/^FAILED: 1 blocking finding/);
    expect(run.stdout).toContain('    fix: Use "string".');
  }, 60_000);

  it('--changed on a shallow clone says what history it needs', async () => {
    project = mistaken();
    git(project.root, 'init', '--quiet');
    git(project.root, 'add', 'src', 'package.json', 'tsconfig.json');
    git(project.root, 'commit', '--quiet', '-m', 'one');
    const first = git(project.root, 'rev-parse', 'HEAD').trim();
    project.write('src/more.ts', 'export const more = 1;\n');
    git(project.root, 'add', 'src');
    git(project.root, 'commit', '--quiet', '-m', 'two');
    const clone = mkdtempSync(join(tmpdir(), 'baton-shallow-'));
    folders.push(clone);
    git(clone, 'clone', '--quiet', '--depth', '1', `file://${project.root}`, 'repo');
    const run = await runBaton(['verify', '--changed', first, '--checks', 'api'], join(clone, 'repo'));
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('is not in this shallow clone');
    expect(run.stderr).toContain('fetch-depth: 0');
  }, 60_000);
});
