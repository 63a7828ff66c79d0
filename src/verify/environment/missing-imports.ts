import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { isNodeBuiltin } from '../api/package-index.js';
import { collectModuleReferences } from '../api/package-rules.js';
import type { MissingModule } from './code-generators.js';

const sourceExtensions = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** Whether a path names a file as written, or once a source extension or an index file is added. */
function existsAsModule(path: string): boolean {
  const stem = path.replace(/\.(?:c|m)?[jt]sx?$/, '');
  return [path, ...[path, stem].flatMap((base) => sourceExtensions.map((extension) => base + extension))]
    .concat(sourceExtensions.map((extension) => join(path, `index${extension}`)))
    .some((candidate) => existsSync(candidate));
}

/** Where a relative or path-mapped specifier could have resolved, following rootDirs and paths. */
function candidatePaths(specifier: string, fromFile: string, options: ts.CompilerOptions): string[] {
  // A bundler's query (`./style.css?url`) is not part of the file name.
  const path = specifier.replace(/\?.*$/, '');
  if (/^\.{1,2}(\/|$)/.test(path)) {
    const direct = resolve(dirname(fromFile), path);
    const roots = (options.rootDirs ?? []).map((root) => resolve(root));
    const home = roots.find((root) => direct.startsWith(root));
    const mirrored = home
      ? roots.filter((root) => root !== home).map((root) => join(root, relative(home, direct)))
      : [];
    return [direct, ...mirrored];
  }
  const mapped: string[] = [];
  const base = options.pathsBasePath ?? options.baseUrl ?? '';
  for (const [key, targets] of Object.entries(options.paths ?? {})) {
    const star = key.indexOf('*');
    const matches =
      star < 0 ? key === path : path.startsWith(key.slice(0, star)) && path.endsWith(key.slice(star + 1));
    if (!matches) continue;
    const captured = star < 0 ? '' : path.slice(star, path.length - (key.length - star - 1));
    for (const target of targets) mapped.push(resolve(String(base), target.replace('*', captured)));
  }
  return mapped;
}

/**
 * Every import in the target files that resolves to nothing: not a Node.js built-in, not a file,
 * not a package the compiler finds; which cause each one has is decided by the caller.
 */
export function findMissingImports(
  program: ts.Program,
  targets: readonly string[],
  options: ts.CompilerOptions,
): MissingModule[] {
  const missing: MissingModule[] = [];
  const host = ts.sys;
  const cache = ts.createModuleResolutionCache(process.cwd(), (fileName) => fileName, options);
  for (const fileName of targets) {
    const sourceFile = program.getSourceFile(fileName);
    if (!sourceFile || sourceFile.isDeclarationFile) continue;
    for (const reference of collectModuleReferences(sourceFile)) {
      const { specifier, node } = reference;
      if (isNodeBuiltin(specifier)) continue;
      const mode = ts.getModeForUsageLocation(sourceFile, node, options);
      const resolved = ts.resolveModuleName(specifier, fileName, options, host, cache, undefined, mode);
      if (resolved.resolvedModule) continue;
      const candidates = candidatePaths(specifier, fileName, options);
      if (candidates.length > 0 && candidates.some(existsAsModule)) continue;
      missing.push({ specifier, fromFile: fileName, candidates });
    }
  }
  return missing;
}
