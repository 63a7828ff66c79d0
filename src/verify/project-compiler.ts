import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { type NativeCompiler, nativeCompilerAt } from './types/native-tsc.js';

/** The TypeScript module a program is built with: Baton's bundled one, or the project's own. */
export type CompilerModule = typeof ts;

/**
 * Which TypeScript a run checks against. The project's own `typescript` wins, as in
 * typescript-eslint; Baton's bundled copy serves only projects that have none.
 */
export interface ProjectCompiler {
  /** The version diagnostics are computed with, such as `5.9.3`. */
  version: string;
  /** Whether that version is the project's own `typescript` or Baton's bundled one. */
  source: 'project' | 'bundled';
  /** The module the types check builds its program with; absent when only a native `tsc` is there. */
  module: CompilerModule | undefined;
  /** Whether `module` is Baton's own instance, which the shared program of every other check uses. */
  isBundled: boolean;
  /** The project's native `tsc` (TypeScript 7 and later, which has no compiler API). */
  native: NativeCompiler | undefined;
  /** The bundled version the checks that need the compiler API use. */
  apiVersion: string;
  /** Said in the report when the checks do not all use the project's own compiler. */
  notice: string | undefined;
}

function readVersion(packageJsonPath: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const bundledPackageJson = realpathOrSelf(createRequire(import.meta.url).resolve('typescript/package.json'));

/** The bundled compiler, for projects without their own `typescript`. */
export function bundledCompiler(): ProjectCompiler {
  return {
    version: ts.version,
    source: 'bundled',
    module: ts,
    isBundled: true,
    native: undefined,
    apiVersion: ts.version,
    notice: undefined,
  };
}

/** Whether a loaded `typescript` module offers the compiler API verify needs. */
function hasCompilerApi(candidate: unknown): candidate is CompilerModule {
  const module = candidate as Partial<CompilerModule> | undefined;
  return (
    typeof module?.createProgram === 'function' &&
    typeof module.getParsedCommandLineOfConfigFile === 'function' &&
    typeof module.flattenDiagnosticMessageText === 'function'
  );
}

/**
 * Resolves `typescript` from the project root the way Node.js would for the project's own tools,
 * and loads it when it is another copy than Baton's. TypeScript 7 has no compiler API: its native
 * `tsc` gives the diagnostics and the bundled compiler serves the checks that need types.
 */
export function resolveProjectCompiler(root: string): ProjectCompiler {
  const bundled = bundledCompiler();
  let packageJsonPath: string;
  try {
    packageJsonPath = createRequire(join(root, 'package.json')).resolve('typescript/package.json');
  } catch {
    return bundled;
  }
  const version = readVersion(packageJsonPath);
  if (!version) return bundled;
  if (realpathOrSelf(packageJsonPath) === bundledPackageJson) return { ...bundled, source: 'project' };
  if (Number.parseInt(version, 10) >= 7) {
    const own = nativeCompilerAt(packageJsonPath);
    return {
      ...bundled,
      version,
      source: 'project',
      module: undefined,
      isBundled: false,
      native: own,
      notice: own
        ? `TypeScript ${version} (the project's) has no compiler API: the types check ran its native tsc, and the checks that need types used the bundled TypeScript ${ts.version}.`
        : `TypeScript ${version} (the project's) has no compiler API and its native tsc is not installed: every check used the bundled TypeScript ${ts.version}.`,
    };
  }
  let loaded: unknown;
  try {
    loaded = createRequire(packageJsonPath)(dirname(packageJsonPath));
  } catch {
    loaded = undefined;
  }
  if (!hasCompilerApi(loaded)) {
    return {
      ...bundled,
      notice: `The project's TypeScript ${version} could not be loaded: every check used the bundled TypeScript ${ts.version}.`,
    };
  }
  return {
    version: loaded.version ?? version,
    source: 'project',
    module: loaded,
    isBundled: false,
    native: undefined,
    apiVersion: ts.version,
    notice:
      loaded.version === ts.version
        ? undefined
        : `The types check used the project's TypeScript ${loaded.version ?? version}; the checks that need types used the bundled TypeScript ${ts.version}.`,
  };
}
