import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { findNativeCompiler, nativeCheckers, runNativeCompiler } from './native-tsc.js';

const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true },
    include: ['src'],
  }),
  'package.json': JSON.stringify({ name: 'fixture', type: 'module' }),
  // Several files, so that several checkers each get some; each error names a type from another file.
  ...Object.fromEntries(
    Array.from({ length: 8 }, (_, index) => [
      `src/part-${index}.ts`,
      [
        `import type { Shape${(index + 1) % 8} } from './part-${(index + 1) % 8}.js';`,
        `export interface Shape${index} { kind: 'shape-${index}'; size: number }`,
        `export const wrong${index}: Shape${(index + 1) % 8} = { kind: 'shape-${index}', size: '${index}' };`,
        `export function area${index}(shape: Shape${index} | undefined): number { return shape.size * 2; }`,
        '',
      ].join('\n'),
    ]),
  ),
};

describe('the native compiler', () => {
  const native = findNativeCompiler(process.cwd());
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject({ files, linkNodeModules: false });
  });
  afterAll(() => project.remove());

  it('leaves a core to the checks in process, and runs at most its own default of checkers', () => {
    expect([1, 2, 3, 8, 64].map((cores) => nativeCheckers(cores))).toEqual([1, 1, 2, 4, 4]);
  });

  it.skipIf(!native)('reports the same diagnostics with one checker as with its default', async () => {
    if (!native) return;
    const tsconfig = `${project.root}/tsconfig.json`;
    const signal = new AbortController().signal;
    const byDefault = await runNativeCompiler(native, tsconfig, signal);
    const withOne = await runNativeCompiler(native, tsconfig, signal, { checkers: 1 });
    const codes = byDefault.map((diagnostic) => diagnostic.code).sort();
    // Each wrong literal has two wrong fields; each function reads a possibly undefined shape.
    expect(codes).toEqual([...Array(16).fill(2322), ...Array(8).fill(18048)].sort());
    expect(withOne).toEqual(byDefault);
  });
});
