import { mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFixtureProject,
  type FixtureProject,
  repositoryNodeModules,
} from './__fixtures__/fixture-project.js';
import { verify } from './verify.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const bundledTypeScript = createRequire(import.meta.url).resolve('typescript');

/** A small service with a type error, a baseUrl (deprecated by TypeScript 6, not by 5) and a handler. */
const sources = {
  'package.json': JSON.stringify({
    name: 'service',
    type: 'module',
    dependencies: { zod: '*' },
    devDependencies: { typescript: '*' },
  }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', strict: true, skipLibCheck: true, types: [], baseUrl: '.' },
    include: ['src'],
  }),
  'src/schema.ts': [
    "import { z } from 'zod';",
    'export const user = z.object({ name: z.string() });',
    'export const count: number = "three";',
    'export function lookup(rows: Record<string, string>, key: string): string {',
    '  return rows[key] ?? "";',
    '}',
    '',
  ].join('\n'),
};

/** node_modules with zod and the given `typescript`, as a project that installed its own compiler has. */
function installModules(root: string, typescript: (modules: string) => void): void {
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  symlinkSync(join(repositoryNodeModules, 'zod'), join(modules, 'zod'), 'dir');
  typescript(modules);
}

/**
 * A stand-in for TypeScript 5.9 (not installable offline here): Baton's compiler under version
 * 5.9.3 that, like 5.x, does not deprecate baseUrl, and counts the programs built with it.
 */
function installFakeTypeScript5(modules: string): void {
  const folder = join(modules, 'typescript');
  mkdirSync(folder);
  project?.write(
    'node_modules/typescript/package.json',
    JSON.stringify({ name: 'typescript', version: '5.9.3', main: 'index.cjs' }),
  );
  project?.write(
    'node_modules/typescript/index.cjs',
    [
      `const real = require(${JSON.stringify(bundledTypeScript)});`,
      'const withoutBaseUrlDeprecation = (list) => list.filter((diagnostic) => diagnostic.code !== 5101);',
      'module.exports = {',
      '  ...real,',
      "  version: '5.9.3',",
      '  createProgram(...args) {',
      '    globalThis.fakeTypeScriptPrograms = (globalThis.fakeTypeScriptPrograms ?? 0) + 1;',
      '    const program = real.createProgram(...args);',
      '    const options = program.getOptionsDiagnostics;',
      '    program.getOptionsDiagnostics = (...rest) => withoutBaseUrlDeprecation(options(...rest));',
      '    return program;',
      '  },',
      '};',
      '',
    ].join('\n'),
  );
}

const crashes = (findings: { ruleId: string; message: string }[]) =>
  findings.filter((finding) => finding.ruleId === 'verify/check-failed').map((finding) => finding.message);
const typeCodes = (findings: { checkId: string; tsCode?: number | undefined }[]) =>
  findings.filter((finding) => finding.checkId === 'types').map((finding) => finding.tsCode);

describe("the project's own compiler", () => {
  it("TypeScript 6 (Baton's own version): every check runs, and the deprecated baseUrl is a finding", async () => {
    project = createFixtureProject({ files: sources });
    const report = await verify({ root: project.root, nativeCompiler: 'off' });
    expect(crashes(report.findings)).toEqual([]);
    expect(report.compiler).toMatchObject({ version: '6.0.3', source: 'project' });
    expect(typeCodes(report.findings).sort()).toEqual([2322, 5101]);
  });

  it("TypeScript 5.x: the types check builds its program with the project's module, and 6.x-only findings do not appear", async () => {
    project = createFixtureProject({ linkNodeModules: false, files: sources });
    installModules(project.root, installFakeTypeScript5);
    const before = (globalThis as { fakeTypeScriptPrograms?: number }).fakeTypeScriptPrograms ?? 0;
    const report = await verify({ root: project.root });
    expect(crashes(report.findings)).toEqual([]);
    expect((globalThis as { fakeTypeScriptPrograms?: number }).fakeTypeScriptPrograms).toBe(before + 1);
    expect(report.compiler).toEqual({ version: '5.9.3', source: 'project', apiVersion: '6.0.3' });
    expect(report.engine).toBe('typescript');
    expect(typeCodes(report.findings)).toEqual([2322]);
    expect(report.notices).toEqual([
      "The types check used the project's TypeScript 5.9.3; the checks that need types used the bundled TypeScript 6.0.3.",
    ]);
  });

  it('TypeScript 7 (native, no compiler API): its own tsc gives the diagnostics and every check runs', async () => {
    // TypeScript 7 removed baseUrl (its tsc rejects the tsconfig with TS5102); this project has none.
    const tsconfig = JSON.stringify({
      compilerOptions: { module: 'NodeNext', strict: true, skipLibCheck: true, types: [] },
      include: ['src'],
    });
    project = createFixtureProject({
      linkNodeModules: false,
      files: { ...sources, 'tsconfig.json': tsconfig },
    });
    installModules(project.root, (modules) => {
      symlinkSync(join(repositoryNodeModules, 'typescript7'), join(modules, 'typescript'), 'dir');
      symlinkSync(join(repositoryNodeModules, '@typescript'), join(modules, '@typescript'), 'dir');
    });
    const report = await verify({ root: project.root });
    expect(crashes(report.findings)).toEqual([]);
    expect(report.compiler).toEqual({ version: '7.0.2', source: 'project', apiVersion: '6.0.3' });
    expect(report.engine).toBe('native');
    expect(report.checks.map((run) => run.id)).toEqual(
      expect.arrayContaining(['types', 'api', 'security', 'performance', 'edge-cases']),
    );
    expect(typeCodes(report.findings)).toEqual([2322]);
    expect(report.notices[0]).toMatch(/^TypeScript 7\.0\.2 \(the project's\) has no compiler API/);
  });
});
