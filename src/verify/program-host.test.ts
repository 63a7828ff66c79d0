import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { createCachingCompilerHost } from './program-host.js';

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noEmit: true,
  types: [],
};
let folder: string;

function project(files: Record<string, string>): string[] {
  folder = mkdtempSync(join(tmpdir(), 'baton-program-host-'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: 'module' }));
  return Object.entries(files).map(([name, text]) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  });
}

function parseOptions(fileName: string): ts.CreateSourceFileOptions {
  return {
    languageVersion: ts.ScriptTarget.ES2022,
    impliedNodeFormat: ts.getImpliedNodeFormatForFile(fileName, undefined, ts.sys, options),
  };
}

afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('a syntax tree parsed before the program', () => {
  it('becomes the program’s own, so the file is parsed once', () => {
    const [main = '', helper = ''] = project({
      'main.ts': "import { twice } from './helper.js';\nexport const four: number = twice(2);\n",
      'helper.ts': 'export function twice(value: number): number {\n  return value * 2;\n}\n',
    });
    const host = createCachingCompilerHost(options);
    const early = host.parseAlone(main, parseOptions(main));
    const program = ts.createProgram({ rootNames: [main, helper], options, host });
    expect(program.getSourceFile(main)).toBe(early);
    expect(ts.getPreEmitDiagnostics(program)).toEqual([]);
  });

  it('is parsed again when the program reads the file as a module and the tree was a script', () => {
    // No import or export: only the package's "type": "module" makes it a module, where
    // top-level `await` parses as an await expression.
    const [script = ''] = project({ 'wait.ts': 'const value = await Promise.resolve(1);\nvalue;\n' });
    const host = createCachingCompilerHost(options);
    const early = host.parseAlone(script, parseOptions(script));
    expect(early && ts.isExternalModule(early)).toBe(false);
    const program = ts.createProgram({ rootNames: [script], options, host });
    const adopted = program.getSourceFile(script);
    expect(adopted).not.toBe(early);
    expect(ts.isExternalModule(adopted as ts.SourceFile)).toBe(true);
    expect(program.getSemanticDiagnostics(adopted)).toEqual([]);
  });

  it('is not reused after the file changed on disk', () => {
    const [main = ''] = project({ 'main.ts': 'export const one = 1;\n' });
    const host = createCachingCompilerHost(options);
    const early = host.parseAlone(main, parseOptions(main));
    writeFileSync(main, 'export const one = 1;\nexport const two = 2;\n');
    const program = ts.createProgram({ rootNames: [main], options, host });
    expect(program.getSourceFile(main)).not.toBe(early);
    expect(program.getSourceFile(main)?.text).toContain('two');
  });

  it('leaves out files with NUL bytes', () => {
    const [binary = ''] = project({ 'image.ts': 'export const x = 1;\u0000\u0001' });
    const host = createCachingCompilerHost(options);
    expect(host.parseAlone(binary, parseOptions(binary))).toBeUndefined();
  });
});
