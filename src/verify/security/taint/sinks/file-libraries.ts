import ts from 'typescript';
import { objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import type { SinkCall, SinkUse } from './sink-use.js';

/** Modules with fs's API over the real file system: drop-in replacements and promise forms. */
export const fsLikeModules = new Set([
  'fs',
  'fs-extra',
  'graceful-fs',
  'original-fs',
  'fs-promise',
  'mz/fs',
  'promise-fs',
  'fs-extra-promise',
]);

/**
 * Path-taking functions of fs and fs-extra beyond the core list the fs sink knows; `realpath` is left
 * out, as it only resolves a path the way a sanitiser does.
 */
export const fsLibraryPathFunctions = new Set([
  'readlinkSync',
  'utimes',
  'utimesSync',
  'lutimes',
  'lutimesSync',
  'lchown',
  'lchownSync',
  'lchmod',
  'lchmodSync',
  'opendirSync',
  'watchFile',
  'exists',
  'mkdtemp',
  'mkdtempSync',
  'statfs',
  'statfsSync',
  'readJsonSync',
  'readJSON',
  'readJSONSync',
  'writeJsonSync',
  'writeJSON',
  'writeJSONSync',
  'outputFileSync',
  'outputJson',
  'outputJsonSync',
  'outputJSON',
  'outputJSONSync',
  'removeSync',
  'emptyDir',
  'emptyDirSync',
  'emptydir',
  'emptydirSync',
  'ensureDir',
  'ensureDirSync',
  'mkdirs',
  'mkdirsSync',
  'mkdirp',
  'mkdirpSync',
  'ensureFile',
  'ensureFileSync',
  'createFile',
  'createFileSync',
  'pathExistsSync',
]);

/** fs-extra functions that take a source and a destination path. */
export const fsLibraryTwoPathFunctions = new Set([
  'copy',
  'copySync',
  'move',
  'moveSync',
  'ensureLink',
  'ensureLinkSync',
  'createLink',
  'createLinkSync',
  'ensureSymlink',
  'ensureSymlinkSync',
  'createSymlink',
  'createSymlinkSync',
]);

/**
 * Single-purpose file packages whose first argument is a path: the module called itself (`*`) or the
 * named functions listed.
 */
const pathPackages: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['mkdirp', new Set(['*', 'sync', 'mkdirp', 'mkdirpSync', 'native', 'nativeSync', 'manual', 'manualSync'])],
  ['rimraf', new Set(['*', 'sync', 'rimraf', 'rimrafSync', 'native', 'nativeSync', 'manual', 'manualSync'])],
  ['make-dir', new Set(['*', 'sync', 'makeDirectory', 'makeDirectorySync'])],
  ['del', new Set(['*', 'sync', 'deleteAsync', 'deleteSync'])],
  ['trash', new Set(['*'])],
  ['load-json-file', new Set(['*', 'sync', 'loadJsonFile', 'loadJsonFileSync'])],
  ['write-json-file', new Set(['*', 'sync', 'writeJsonFile', 'writeJsonFileSync'])],
  ['write-file-atomic', new Set(['*', 'sync'])],
  ['jsonfile', new Set(['readFile', 'readFileSync', 'writeFile', 'writeFileSync'])],
  ['tail', new Set(['Tail'])],
  ['resolve', new Set(['*', 'sync'])],
]);

/** Packages reading a project's files from the folder given as the `cwd` option. */
const folderOptionPackages: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['read-pkg', new Set(['*', 'sync', 'readPackage', 'readPackageSync', 'readPackageAsync'])],
  ['read-pkg-up', new Set(['*', 'sync', 'readPackageUp', 'readPackageUpSync', 'readPackageUpAsync'])],
  ['read-package-up', new Set(['readPackageUp', 'readPackageUpSync'])],
]);

/** The export a callee names: `*` when the module itself is called (`mkdirp(dir)`, `require('rimraf')(dir)`). */
function exportName({ facts, call, callee }: SinkCall): string {
  if (callee.receiver) return callee.name;
  const target = skipOuter(call.expression);
  if (ts.isIdentifier(target)) return facts.imports.get(target.text)?.name ?? callee.name;
  return ts.isCallExpression(target) ? '*' : callee.name;
}

/** Paths given to fs-like modules' wider API and to single-purpose file packages. */
export function fileLibrarySinks(sinkCall: SinkCall): SinkUse[] | undefined {
  const { callee, checker, first, second } = sinkCall;
  const { module, name, text } = callee;
  // `require(name)` and `import(name)` load and run the file a name from outside resolves to.
  const loads =
    (name === 'require' && isNodeRequire(checker, sinkCall.call.expression)) ||
    (name === 'import' && sinkCall.call.expression.kind === ts.SyntaxKind.ImportKeyword);
  if (!module && !callee.receiver && loads)
    return ts.isStringLiteralLike(skipOuter(first)) ? [] : [{ kind: 'path', value: first, label: name }];
  if (!module) return undefined;
  if (fsLikeModules.has(module) && fsLibraryPathFunctions.has(name))
    return [{ kind: 'path', value: first, label: `fs.${name}` }];
  if (fsLikeModules.has(module) && fsLibraryTwoPathFunctions.has(name)) {
    const uses: SinkUse[] = [{ kind: 'path', value: first, label: `fs.${name}` }];
    if (second) uses.push({ kind: 'path', value: second, label: `fs.${name}` });
    return uses;
  }
  const exported = exportName(sinkCall);
  if (pathPackages.get(module)?.has(exported)) return [{ kind: 'path', value: first, label: text }];
  if (folderOptionPackages.get(module)?.has(exported)) {
    const folder = propertyOf(objectLiteralOf(checker, first), 'cwd');
    return folder ? [{ kind: 'path', value: folder, label: `${text} cwd` }] : [];
  }
  return undefined;
}

/** Whether a callee is Node's own `require`, not a function of that name the project declares. */
function isNodeRequire(checker: ts.TypeChecker, callee: ts.Expression): boolean {
  const inner = skipOuter(callee);
  if (!ts.isIdentifier(inner)) return false;
  const declarations = checker.getSymbolAtLocation(inner)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}
