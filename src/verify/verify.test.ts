import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../core/events.js';
import { createFixtureProject, type FixtureProject } from './__fixtures__/fixture-project.js';
import { verify } from './verify.js';
import { createVerifySession } from './verify-session.js';

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
afterEach(() => project?.remove());

const rules = (findings: { ruleId: string; file: string }[]) =>
  findings.map((finding) => `${finding.file} ${finding.ruleId}`);

describe('verify on bad input', () => {
  it('reports files that do not parse as findings, TypeScript and JavaScript alike', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        // JavaScript is checked where the tsconfig names it, as tsc does.
        'tsconfig.json': JSON.stringify({
          ...JSON.parse(tsconfig),
          compilerOptions: { ...JSON.parse(tsconfig).compilerOptions, allowJs: true },
        }),
        'src/broken.ts': 'export function (\n',
        'src/script.js': 'const = 1;\n',
      },
    });
    const report = await verify({ root: project.root, checks: ['types', 'api'] });
    expect(rules(report.findings)).toContain('src/broken.ts types/syntax-error');
    expect(rules(report.findings)).toContain('src/script.js types/syntax-error');
  });

  it('works without a tsconfig, with defaults that include JavaScript', async () => {
    project = createFixtureProject({
      files: { 'package.json': manifest, 'index.js': "import { z } from 'zod';\nz.strng();\n" },
    });
    const report = await verify({ root: project.root, checks: ['types', 'api'] });
    expect(rules(report.findings)).toEqual(['index.js api/missing-member']);
  });

  it('reports a tsconfig that is not valid JSON as a finding', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': '{ "compilerOptions": { "strict": tru',
        'src/a.ts': 'export const a = 1;\n',
      },
    });
    const report = await verify({ root: project.root, checks: ['types'] });
    expect(report.findings.map((finding) => `${finding.file} ${finding.ruleId}`)).toContain(
      'tsconfig.json types/config-error',
    );
  });

  it('checks with the TypeScript API when the native compiler rejects the tsconfig', async () => {
    // TypeScript 7 removed moduleResolution node10, which TypeScript 6 still accepts.
    const legacy = {
      compilerOptions: {
        module: 'commonjs',
        moduleResolution: 'node',
        ignoreDeprecations: '6.0',
        strict: true,
        types: [],
      },
      include: ['src'],
    };
    project = createFixtureProject({
      files: {
        'package.json': '{"name":"app"}',
        'tsconfig.json': JSON.stringify(legacy),
        'src/a.ts': 'export const n: number = "x";\n',
      },
    });
    const report = await verify({ root: project.root, checks: ['types', 'api'] });
    expect(rules(report.findings)).toEqual(['src/a.ts types/type-error']);
    expect(report.engine).toBe('typescript');
  });

  it('names an unhandled null as its own rule, with a hint about the edge case', async () => {
    project = createFixtureProject({
      files: {
        'package.json': '{"name":"app"}',
        'tsconfig.json': JSON.stringify({
          compilerOptions: { strict: true, noUncheckedIndexedAccess: true, types: [] },
          include: ['src'],
        }),
        'src/a.ts':
          'export function first(rows: { id: number }[]): number {\n  const row = rows[0];\n  return row.id;\n}\n',
      },
    });
    const report = await verify({ root: project.root, checks: ['types'] });
    expect(rules(report.findings)).toEqual(['src/a.ts types/unhandled-null']);
    expect(report.findings[0]).toMatchObject({ range: { startLine: 3, startColumn: 10 }, cwe: 'CWE-476' });
    expect(report.findings[0]?.hint).toContain('Handle the missing value');
  });

  it('without node_modules, says once that the declared packages are not installed', async () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': manifest,
        'src/a.js': "import { z } from 'zod';\nexport const s = z.string();\n",
      },
    });
    const report = await verify({ root: project.root, checks: ['types', 'api'] });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'environment/dependencies-not-installed',
        severity: 'note',
        file: '.',
        message: expect.stringContaining('1 finding that hinges on it was left out, in 1 file: src/a.js.'),
        hint: expect.stringContaining('npm install'),
      }),
    ]);
  });

  it('reports binary content and files that are not sources, not declaration files, and checks the rest', async () => {
    project = createFixtureProject({
      files: { 'package.json': manifest, 'src/ok.js': "import { z } from 'zod';\nz.strng();\n" },
    });
    project.write('src/image.js', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    project.write('logo.png', new Uint8Array([0x89, 0x50, 0x00]));
    project.write('src/vendor/clock.d.ts', 'export declare function now(): number;\n');
    const report = await verify({ root: project.root, checks: ['types', 'api'], paths: ['src', 'logo.png'] });
    expect(rules(report.findings)).toEqual([
      'logo.png verify/unsupported-file',
      'src/image.js verify/binary-file',
      'src/ok.js api/missing-member',
    ]);
  });

  it('an empty project verifies clean', async () => {
    project = createFixtureProject({ files: { 'package.json': manifest } });
    const report = await verify({ root: project.root, checks: ['types', 'api'] });
    expect(report).toMatchObject({ findings: [], filesVerified: 0 });
  });
});

describe('verify announces its checks', () => {
  it('emits check-end with the findings and time of each check', async () => {
    project = createFixtureProject({
      files: { 'package.json': manifest, 'index.js': "import { z } from 'zod';\nz.strng();\n" },
    });
    const events = createEventBus();
    const seen: unknown[] = [];
    events.subscribe({
      onCheckEnd: (event) => void seen.push({ checkId: event.checkId, findings: event.findings }),
    });
    await verify({ root: project.root, checks: ['types', 'api'], events });
    expect(seen).toEqual(
      expect.arrayContaining([
        { checkId: 'types', findings: 0 },
        { checkId: 'api', findings: 1 },
      ]),
    );
  });
});

describe('a warm verify session', () => {
  it('re-checks only what an edit affects and keeps the other findings', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': tsconfig,
        'src/names.ts': 'export function greet(name: string): string {\n  return "hi " + name;\n}\n',
        'src/uses.ts': "import { greet } from './names.js';\nexport const text = greet('ada');\n",
        'src/other.ts': "import { z } from 'zod';\nexport const s = z.strng();\n",
      },
    });
    const session = createVerifySession({ root: project.root, checks: ['types', 'api'] });
    const first = await session.run();
    expect(rules(first.findings)).toEqual(['src/other.ts api/missing-member']);
    expect(session.lastChecked).toHaveLength(3);

    const other = project.write('src/other.ts', "import { z } from 'zod';\nexport const s = z.string();\n");
    utimesSync(other, new Date(), new Date(Date.now() + 2000));
    const second = await session.run();
    expect(second.findings).toEqual([]);
    expect(session.lastChecked).toEqual([join(project.root, 'src/other.ts')]);

    // Renaming an export affects the file that imports it, which is checked again.
    const names = project.write(
      'src/names.ts',
      'export function welcome(name: string): string {\n  return "hi " + name;\n}\n',
    );
    utimesSync(names, new Date(), new Date(Date.now() + 4000));
    const third = await session.run();
    expect(session.lastChecked.map((file) => file.slice(project?.root.length ?? 0))).toEqual([
      '/src/names.ts',
      '/src/uses.ts',
    ]);
    expect(rules(third.findings)).toEqual(['src/uses.ts api/missing-export']);
  });
});
