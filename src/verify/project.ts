import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { BatonError } from '../core/errors.js';
import { PackageIndex } from './api/package-index.js';
import { type ProjectCompiler, resolveProjectCompiler } from './project-compiler.js';
import { listGitFiles, readTsconfigTree } from './project-scope.js';
import { isVerifiableFile, sourceExtensions } from './source-files.js';

export { isVerifiableFile, sourceExtensions } from './source-files.js';

/** Folders never searched for source files: dependencies, build output and Baton's own data. */
export const ignoredFolderNames = ['node_modules', '.git', '.baton', 'dist', 'coverage', 'build'];
const ignoredFolders = ignoredFolderNames.map((name) => `**/${name}/**`);

/** Whether a path lies inside one of the ignored folders. */
export function isInIgnoredFolder(fileName: string): boolean {
  return fileName.split(/[\\/]/).some((part) => ignoredFolderNames.includes(part));
}

const javaScriptPattern = /\.(c|m)?jsx?$/;

/** One tsconfig of the project (the root one or one it references), with its own options. */
export interface ProjectUnit {
  tsconfigPath: string;
  /** The tsconfig's own options, as `tsc -p` uses them. */
  options: ts.CompilerOptions;
  /** Whether this tsconfig type-checks JavaScript (`checkJs`). */
  checksJavaScript: boolean;
  /** Every file it names (absolute), declaration files included: the roots of its program. */
  fileNames: string[];
}

/** How the files checked by default were found. */
export type ScopeSource = 'tsconfig' | 'git' | 'folder';

/** What verify knows about the repository before it builds a program. */
export interface VerifyProject {
  root: string;
  /** The tsconfig used, or undefined when the project has none and defaults apply. */
  tsconfigPath: string | undefined;
  /** Options the shared program uses: the project's own, with JavaScript allowed and emit off. */
  compilerOptions: ts.CompilerOptions;
  /** Whether the project itself type-checks JavaScript (`checkJs`). */
  checksJavaScript: boolean;
  /** Every file the shared program starts from (absolute). */
  rootNames: string[];
  /** The files the tsconfigs themselves list: what `tsc -p` checks. */
  configFileNames: ReadonlySet<string>;
  /** Problems reading tsconfig, reported as findings. */
  configDiagnostics: readonly ts.Diagnostic[];
  packages: PackageIndex;
  /** The root tsconfig and every project it references that names files. */
  units: readonly ProjectUnit[];
  /** The source files a run with no paths checks (absolute), as the compiler scopes them. */
  scope: readonly string[];
  scopeSource: ScopeSource;
  /** Why the scope may be smaller than the user expects (an unreadable reference, an include matching nothing). */
  scopeWarnings: readonly string[];
  /** The TypeScript the run checks against. */
  compiler: ProjectCompiler;
}

/** Options used when a repository has no tsconfig: modern Node.js, JavaScript included. */
export const defaultCompilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.ReactJSX,
};

export function isJavaScriptFile(fileName: string): boolean {
  return javaScriptPattern.test(fileName);
}

/** A path relative to the root with forward slashes, the form findings use. */
export function toProjectPath(root: string, fileName: string): string {
  return relative(root, fileName).split(sep).join('/');
}

function findSourceFiles(directory: string): string[] {
  return globSync([`**/*.{${sourceExtensions.join(',')}}`], {
    cwd: directory,
    ignore: ignoredFolders,
    absolute: true,
  }).map((path) => resolve(path));
}

/** Expands the paths a user named (files or folders) into absolute source files, in order. */
export function expandPaths(root: string, paths: readonly string[]): string[] {
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(root, path);
    if (!existsSync(absolute)) {
      throw new BatonError({
        code: 'VERIFY_PATH_NOT_FOUND',
        message: `No such file or folder: ${path}`,
        hint: 'Name files or folders inside the project, or run `baton verify` with no paths to check everything.',
        details: { path: absolute },
      });
    }
    if (statSync(absolute).isDirectory()) for (const file of findSourceFiles(absolute)) files.add(file);
    else files.add(absolute);
  }
  return [...files];
}

export interface LoadProjectOptions {
  root: string;
  /** tsconfig relative to the root; when named it must exist. */
  tsconfig?: string | undefined;
  /** Files the run targets (absolute); they join the program's roots. */
  extraRoots?: readonly string[];
}

/** Options that keep a program from writing anything; the checks only read. */
export function withoutEmit(options: ts.CompilerOptions): ts.CompilerOptions {
  return {
    ...options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
    composite: false,
    incremental: false,
    sourceMap: false,
    tsBuildInfoFile: undefined,
  };
}

function findTsconfig(root: string, tsconfig: string | undefined): string | undefined {
  if (tsconfig) {
    const path = resolve(root, tsconfig);
    if (!existsSync(path)) {
      throw new BatonError({
        code: 'VERIFY_TSCONFIG_NOT_FOUND',
        message: `The tsconfig named in the config does not exist: ${path}`,
        hint: 'Fix the `tsconfig` key in baton.config.*, or remove it to use tsconfig.json when present and defaults otherwise.',
      });
    }
    return path;
  }
  // A jsconfig.json is a tsconfig with JavaScript on, as editors read it.
  return ['tsconfig.json', 'jsconfig.json'].map((name) => join(root, name)).find((path) => existsSync(path));
}

const inRoot = (root: string, file: string) =>
  file.startsWith(root + sep) && !isInIgnoredFolder(file.slice(root.length));

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Reads the project as its compiler does: the tsconfig's files and those of every project it
 * references, each with its own options; without a tsconfig, the sources git tracks or does not
 * ignore (every source under the folder outside git).
 */
export function loadVerifyProject({ root, tsconfig, extraRoots = [] }: LoadProjectOptions): VerifyProject {
  const tsconfigPath = findTsconfig(root, tsconfig);
  const units: ProjectUnit[] = [];
  const configDiagnostics: ts.Diagnostic[] = [];
  const scopeWarnings: string[] = [];
  let scope: string[];
  let scopeSource: ScopeSource;
  if (tsconfigPath) {
    const tree = readTsconfigTree(tsconfigPath);
    for (const project of tree.projects) {
      configDiagnostics.push(...project.errors);
      if (project.fileNames.length === 0) continue;
      units.push({
        tsconfigPath: project.tsconfigPath,
        options: project.options,
        checksJavaScript: project.options.checkJs === true,
        fileNames: project.fileNames,
      });
    }
    for (const reference of tree.unreadableReferences) {
      scopeWarnings.push(
        `${toProjectPath(root, reference.from)} references ${toProjectPath(root, reference.path)}, which does not exist: that project's files were not checked.`,
      );
    }
    scope = [
      ...new Set(units.flatMap((unit) => unit.fileNames.filter((file) => isVerifiableFile(file)))),
    ].filter((file) => inRoot(root, file));
    scopeSource = 'tsconfig';
    const emptyConfigs = tree.projects.filter((project) => project.matchedNothing);
    if (scope.length === 0 || emptyConfigs.length > 0) {
      const sources = findSourceFiles(root).filter((file) => !/\.d\.(c|m)?ts$/.test(file)).length;
      for (const project of emptyConfigs) {
        if (sources === 0) continue;
        scopeWarnings.push(
          `${toProjectPath(root, project.tsconfigPath)} names no source files (its include and files match nothing) while the folder holds ${plural(sources, 'source file')}: fix its include or files, or name the paths to verify.`,
        );
      }
      if (scope.length === 0 && sources > 0 && emptyConfigs.length === 0 && scopeWarnings.length === 0) {
        scopeWarnings.push(
          `${toProjectPath(root, tsconfigPath)} names no source files under ${root} while the folder holds ${plural(sources, 'source file')}: fix its include, files or references, or name the paths to verify.`,
        );
      }
    }
  } else {
    // A folder git ignores as a whole (an attempt folder under .baton/) lists nothing: walk it instead.
    const listed = listGitFiles(root);
    const tracked = listed && listed.length > 0 ? listed : undefined;
    scopeSource = tracked ? 'git' : 'folder';
    scope = (tracked ?? findSourceFiles(root)).filter((file) => isVerifiableFile(file) && inRoot(root, file));
  }

  // The shared program takes the options of the project with the most files; each unit's own
  // options still decide its type diagnostics.
  const primary = [...units].sort((left, right) => right.fileNames.length - left.fileNames.length)[0];
  const options = primary?.options ?? { ...defaultCompilerOptions };
  const unitRoots = units.flatMap((unit) => unit.fileNames);
  const rootNames = [...new Set([...(units.length > 0 ? unitRoots : scope), ...extraRoots])];
  return {
    root,
    tsconfigPath,
    compilerOptions: withoutEmit({ ...options, allowJs: true }),
    checksJavaScript: options.checkJs === true,
    rootNames,
    configFileNames: new Set(unitRoots),
    configDiagnostics,
    packages: new PackageIndex(root),
    units,
    scope,
    scopeSource,
    scopeWarnings,
    compiler: resolveProjectCompiler(root),
  };
}

/** The project with more root files: files named on the command line that its tsconfig leaves out. */
export function withExtraRoots(project: VerifyProject, files: readonly string[]): VerifyProject {
  const known = new Set(project.rootNames);
  const added = files.filter((file) => isVerifiableFile(file) && !known.has(file));
  return added.length === 0 ? project : { ...project, rootNames: [...project.rootNames, ...added] };
}

/** The tsconfig project a file belongs to, whose options decide how it is type-checked. */
export function unitOf(project: VerifyProject, fileName: string): ProjectUnit | undefined {
  let byFile = unitsByFile.get(project.units);
  if (!byFile) {
    byFile = new Map();
    for (const unit of project.units)
      for (const file of unit.fileNames) if (!byFile.has(file)) byFile.set(file, unit);
    unitsByFile.set(project.units, byFile);
  }
  return byFile.get(fileName);
}

const unitsByFile = new WeakMap<readonly ProjectUnit[], Map<string, ProjectUnit>>();

const unitCompilerOptions = new WeakMap<ProjectUnit, ts.CompilerOptions>();

/**
 * The options a file's imports resolve with: its own tsconfig's (paths, baseUrl, module
 * resolution), with JavaScript allowed; the shared program's for files no tsconfig names.
 */
export function compilerOptionsFor(project: VerifyProject, fileName: string): ts.CompilerOptions {
  const unit = unitOf(project, fileName);
  if (!unit) return project.compilerOptions;
  let options = unitCompilerOptions.get(unit);
  if (!options) {
    options = withoutEmit({ ...unit.options, allowJs: true });
    unitCompilerOptions.set(unit, options);
  }
  return options;
}

/** Whether the compiler type-checks a file: TypeScript always, JavaScript where its tsconfig sets `checkJs`. */
export function isTypeCheckedFile(project: VerifyProject, fileName: string): boolean {
  return (
    !isJavaScriptFile(fileName) || (unitOf(project, fileName)?.checksJavaScript ?? project.checksJavaScript)
  );
}
