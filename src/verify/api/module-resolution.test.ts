import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFixtureProject,
  type FixtureProject,
  repositoryNodeModules,
} from '../__fixtures__/fixture-project.js';
import { verify } from '../verify.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

/** A workspace repository whose code imports through every local mechanism, and a few real packages. */
function createWorkspaceRepository(): FixtureProject {
  const fixture = createFixtureProject({
    linkNodeModules: false,
    files: {
      'package.json': JSON.stringify({
        name: 'app',
        type: 'module',
        workspaces: ['packages/*'],
        imports: { '#lib': './src/lib/index.ts', '#utils/*': './src/utils/*.ts' },
        devDependencies: { typescript: '*' },
      }),
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: { '': { name: 'app' }, 'node_modules/left-pad': { version: '1.3.0' } },
      }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          types: [],
          paths: { '@/*': ['./src/*'] },
        },
        include: ['src'],
      }),
      'src/lib/index.ts': 'export const lib = 1;\n',
      'src/utils/pad.ts': 'export const pad = 2;\n',
      'src/main.ts': [
        "import { lib } from '@/lib';",
        "import { lib as helper } from '#lib';",
        "import { pad } from '#utils/pad';",
        "import { shared } from '@acme/shared';",
        "import { tools } from '@acme/tools';",
        "import { z } from 'zod';",
        "import leftPad from 'left-pad';",
        "import ghost from 'zzqx-surely-not-a-package';",
        "import { gone } from '@/gone';",
        "import { nope } from '#nope';",
        'export const all = [lib, helper, pad, shared, tools, z, leftPad, ghost, gone, nope];',
        '',
      ].join('\n'),
      'packages/shared/package.json': JSON.stringify({ name: '@acme/shared', main: 'index.ts' }),
      'packages/shared/index.ts': 'export const shared = 3;\n',
      // Declared as a workspace but not linked into node_modules yet.
      'packages/tools/package.json': JSON.stringify({ name: '@acme/tools', main: 'index.ts' }),
      'packages/tools/index.ts': 'export const tools = 4;\n',
    },
  });
  const modules = join(fixture.root, 'node_modules');
  mkdirSync(join(modules, '@acme'), { recursive: true });
  for (const name of ['typescript', 'zod'])
    symlinkSync(join(repositoryNodeModules, name), join(modules, name), 'dir');
  symlinkSync(join(fixture.root, 'packages/shared'), join(modules, '@acme/shared'), 'dir');
  return fixture;
}

describe('imports resolve like the project before any package finding', () => {
  it('path aliases, package imports and workspace packages are local; real packages are named for what they are', async () => {
    project = createWorkspaceRepository();
    const report = await verify({ root: project.root, checks: ['api'], nativeCompiler: 'off' });
    const said = report.findings.map(
      (finding) =>
        `${finding.range.startLine} ${finding.ruleId} ${finding.message.replace(/ \(checked against .*\)$/, '').split(':')[0]}`,
    );
    expect(said).toEqual([
      '6 api/undeclared-package Package zod is imported but not declared in package.json; it resolves only because another package installed it.',
      "7 api/undeclared-package Package left-pad is imported but not declared in package.json, and not installed; the lockfile has it only as another package's dependency.",
      '8 api/unknown-package Package "zzqx-surely-not-a-package" is neither declared in package.json nor installed; it may not exist at all.',
      '9 api/missing-module Module "@/gone" does not exist',
      '10 api/missing-module Module "#nope" does not exist',
    ]);
  });

  it('a package the registry cache knows is undeclared, not "may not exist"', async () => {
    project = createWorkspaceRepository();
    project.write(
      '.baton/verify/registry-packages.json',
      JSON.stringify({ 'zzqx-surely-not-a-package': { exists: true, checkedAt: new Date().toISOString() } }),
    );
    const report = await verify({ root: project.root, checks: ['api'], nativeCompiler: 'off' });
    expect(report.findings.find((finding) => finding.range.startLine === 8)).toMatchObject({
      ruleId: 'api/undeclared-package',
      checkedAgainst: 'the npm registry',
    });
  });
});

describe('Node.js built-ins', () => {
  it('a prefix-only built-in of a newer Node.js is not reported; a misspelt built-in is', async () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module', engines: { node: '>=22.5' } }),
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [] },
          include: ['src'],
        }),
        'src/cache.ts': [
          "import { DatabaseSync } from 'node:sqlite';",
          "import { readFile } from 'node:fss';",
          'export const all = [DatabaseSync, readFile];',
          '',
        ].join('\n'),
      },
    });
    const report = await verify({ root: project.root, checks: ['api'], nativeCompiler: 'off' });
    expect(report.findings.map((finding) => `${finding.range.startLine} ${finding.ruleId}`)).toEqual([
      '2 api/nonexistent-package',
    ]);
    expect(report.findings[0]?.message).toContain('Did you mean "node:fs"?');
  });
});
