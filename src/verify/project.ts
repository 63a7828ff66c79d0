import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { BatonError } from '../core/errors.js';
import { PackageIndex } from './api/package-index.js';

/** File extensions Baton verifies. */
export const sourceExtensions = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'] as const;

/** Folders never searched for source files: dependencies, build output and Baton's own data. */
export const ignoredFolderNames = ['node_modules', '.git', '.baton', 'dist', 'coverage', 'build'];
const ignoredFolders = ignoredFolderNames.map((name) => `**/${name}/**`);

/** Whether a path lies inside one of the ignored folders. */
export function isInIgnoredFolder(fileName: string): boolean {
  return fileName.split(/[\\/]/).some((part) => ignoredFolderNames.includes(part));
}

const sourcePattern = /\.(c|m)?(t|j)sx?$/;
const javaScriptPattern = /\.(c|m)?jsx?$/;

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
  /** The files tsconfig itself lists: what `tsc -p` checks. */
  configFileNames: ReadonlySet<string>;
  /** Problems reading tsconfig, reported as findings. */
  configDiagnostics: readonly ts.Diagnostic[];
  packages: PackageIndex;
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

/** Whether a path is a source file verify checks (declaration files are inputs, not targets). */
export function isVerifiableFile(fileName: string): boolean {
  return sourcePattern.test(fileName) && !/\.d\.(c|m)?ts$/.test(fileName);
}

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

function readTsconfig(path: string): {
  options: ts.CompilerOptions;
  fileNames: string[];
  errors: ts.Diagnostic[];
} {
  const errors: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => errors.push(diagnostic),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(path, {}, host);
  if (!parsed) return { options: { ...defaultCompilerOptions }, fileNames: [], errors };
  // "No inputs were found" only means the include globs matched nothing; verify adds its own roots.
  const relevant = parsed.errors.filter((diagnostic) => diagnostic.code !== 18003);
  return { options: parsed.options, fileNames: parsed.fileNames, errors: [...errors, ...relevant] };
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

/**
 * Reads tsconfig (or picks defaults when there is none) and lists the program's root files: the
 * tsconfig's files plus JavaScript files next to them, so that JavaScript is checked even where the
 * project does not type-check it.
 */
export function loadVerifyProject({ root, tsconfig, extraRoots = [] }: LoadProjectOptions): VerifyProject {
  let tsconfigPath: string | undefined;
  if (tsconfig) {
    tsconfigPath = resolve(root, tsconfig);
    if (!existsSync(tsconfigPath)) {
      throw new BatonError({
        code: 'VERIFY_TSCONFIG_NOT_FOUND',
        message: `The tsconfig named in the config does not exist: ${tsconfigPath}`,
        hint: 'Fix the `tsconfig` key in baton.config.*, or remove it to use tsconfig.json when present and defaults otherwise.',
      });
    }
  } else if (existsSync(join(root, 'tsconfig.json'))) {
    tsconfigPath = join(root, 'tsconfig.json');
  }

  let options: ts.CompilerOptions = { ...defaultCompilerOptions };
  let configFiles: string[] = [];
  let configDiagnostics: ts.Diagnostic[] = [];
  if (tsconfigPath) {
    const parsed = readTsconfig(tsconfigPath);
    options = parsed.options;
    configFiles = parsed.fileNames;
    configDiagnostics = parsed.errors;
  }
  const checksJavaScript = options.checkJs === true;
  const outDirectory = options.outDir;
  const projectDirectory = tsconfigPath ? dirname(tsconfigPath) : root;
  // Without a tsconfig every source is a root; with one, tsconfig lists the TypeScript files.
  const discovered = findSourceFiles(projectDirectory).filter(
    (file) =>
      (!tsconfigPath || isJavaScriptFile(file)) && !(outDirectory && file.startsWith(outDirectory + sep)),
  );
  const rootNames = [...new Set([...configFiles.map((file) => resolve(file)), ...discovered, ...extraRoots])];

  return {
    root,
    tsconfigPath,
    compilerOptions: {
      ...options,
      allowJs: true,
      noEmit: true,
      declaration: false,
      declarationMap: false,
      emitDeclarationOnly: false,
      composite: false,
      incremental: false,
      sourceMap: false,
      tsBuildInfoFile: undefined,
    },
    checksJavaScript,
    rootNames,
    configFileNames: new Set(configFiles.map((file) => resolve(file))),
    configDiagnostics,
    packages: new PackageIndex(root),
  };
}
