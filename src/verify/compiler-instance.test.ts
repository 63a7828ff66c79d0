import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryNodeModules } from './__fixtures__/fixture-project.js';
import { pinCompilerInstance } from './compiler-instance.js';

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('one compiler instance for the plugins that read the program', () => {
  it("ts-api-utils installed next to a project TypeScript 7 loads Baton's compiler, not the native package", () => {
    // The layout of Baton installed into a TypeScript 7 project: the plugins are hoisted next to `typescript` 7.
    folder = mkdtempSync(join(tmpdir(), 'baton-compiler-'));
    const modules = join(folder, 'node_modules');
    mkdirSync(modules);
    symlinkSync(join(repositoryNodeModules, 'typescript7'), join(modules, 'typescript'), 'dir');
    cpSync(join(repositoryNodeModules, 'ts-api-utils'), join(modules, 'ts-api-utils'), { recursive: true });
    // Unpinned (a separate process, so this one's module cache stays clean), the plugin crashes on load.
    const unpinned = spawnSync(process.execPath, ['-e', "require('ts-api-utils')"], {
      cwd: folder,
      encoding: 'utf8',
    });
    expect(unpinned.status).not.toBe(0);
    expect(unpinned.stderr).toContain("Cannot read properties of undefined (reading 'Intrinsic')");

    pinCompilerInstance();
    const projectRequire = createRequire(join(folder, 'index.cjs'));
    const utilities = projectRequire('ts-api-utils') as {
      isTypeFlagSet(type: ts.Type, flag: ts.TypeFlags): boolean;
    };
    expect(projectRequire('typescript')).toBe(createRequire(import.meta.url)('typescript'));
    const program = ts.createProgram({ rootNames: [], options: {} });
    expect(utilities.isTypeFlagSet(program.getTypeChecker().getStringType(), ts.TypeFlags.String)).toBe(true);
  });
});
