import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { isBareSpecifier, isNodeBuiltin, packageNameOf } from '../api/package-index.js';
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

/** Whether Node.js would find an installed copy of a package from a file, looking up node_modules. */
function isInstalled(name: string, fromFile: string, installedFolders: Map<string, boolean>): boolean {
  let folder = dirname(fromFile);
  for (;;) {
    const key = join(folder, 'node_modules', name);
    let found = installedFolders.get(key);
    if (found === undefined) {
      found = existsSync(join(key, 'package.json'));
      installedFolders.set(key, found);
    }
    if (found) return true;
    const parent = dirname(folder);
    if (parent === folder) return false;
    folder = parent;
  }
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
  const installedFolders = new Map<string, boolean>();
  for (const fileName of targets) {
    const sourceFile = program.getSourceFile(fileName);
    if (!sourceFile || sourceFile.isDeclarationFile) continue;
    for (const reference of collectModuleReferences(sourceFile)) {
      const { specifier, node } = reference;
      if (isNodeBuiltin(specifier)) continue;
      // Most imports are settled by a look at the disk; the resolver runs only for the rest.
      const candidates = candidatePaths(specifier, fileName, options);
      if (candidates.some(existsAsModule)) continue;
      if (
        isBareSpecifier(specifier) &&
        !specifier.includes(':') &&
        isInstalled(packageNameOf(specifier), fileName, installedFolders)
      )
        continue;
      const mode = ts.getModeForUsageLocation(sourceFile, node, options);
      const resolved = ts.resolveModuleName(specifier, fileName, options, host, cache, undefined, mode);
      if (resolved.resolvedModule) continue;
      missing.push({ specifier, fromFile: fileName, candidates });
    }
  }
  return missing;
}
