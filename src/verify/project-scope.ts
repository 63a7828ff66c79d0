import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

/** One tsconfig of the project: its own options and the files it names, as `tsc -p` reads them. */
export interface TsconfigProject {
  tsconfigPath: string;
  options: ts.CompilerOptions;
  /** Every file the tsconfig names (absolute), declaration files included. */
  fileNames: string[];
  /** Problems reading this tsconfig. */
  errors: ts.Diagnostic[];
  /** Whether `include`/`files` matched nothing (TS18003). */
  matchedNothing: boolean;
}

/** A tsconfig and every project it references, each read once. */
export interface TsconfigTree {
  /** The root tsconfig first, then referenced ones depth first. */
  projects: TsconfigProject[];
  /** References whose tsconfig does not exist or cannot be read, with who names them. */
  unreadableReferences: { from: string; path: string }[];
}

// TS18003: "No inputs were found in config file"; verify reports it as a scope warning instead.
const noInputsCode = 18003;

/** Reads one tsconfig the way the compiler does (extends, include, exclude, files, allowJs). */
export function readTsconfig(
  path: string,
  compiler: typeof ts = ts,
): TsconfigProject & { references: readonly ts.ProjectReference[] } {
  const errors: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...compiler.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => errors.push(diagnostic),
  };
  const parsed = compiler.getParsedCommandLineOfConfigFile(path, {}, host);
  if (!parsed) {
    return { tsconfigPath: path, options: {}, fileNames: [], errors, matchedNothing: false, references: [] };
  }
  return {
    tsconfigPath: path,
    options: parsed.options,
    fileNames: parsed.fileNames.map((file) => resolve(file)),
    errors: [...errors, ...parsed.errors.filter((diagnostic) => diagnostic.code !== noInputsCode)],
    matchedNothing: parsed.errors.some((diagnostic) => diagnostic.code === noInputsCode),
    references: parsed.projectReferences ?? [],
  };
}

/** Where a reference points: its path, or the tsconfig.json inside it when it names a folder. */
function referencedConfigPath(reference: ts.ProjectReference): string {
  const path = resolve(reference.path);
  if (existsSync(path) && statSync(path).isDirectory()) return resolve(path, 'tsconfig.json');
  return path.endsWith('.json') ? path : resolve(path, 'tsconfig.json');
}

/**
 * Follows `references` from a tsconfig into every referenced project, recursively, so that a
 * solution-style tsconfig (`files: []` plus references) scopes the files of all its projects.
 */
export function readTsconfigTree(rootTsconfig: string): TsconfigTree {
  const projects: TsconfigProject[] = [];
  const unreadableReferences: TsconfigTree['unreadableReferences'] = [];
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const { references, ...project } = readTsconfig(path);
    projects.push(project);
    for (const reference of references) {
      const target = referencedConfigPath(reference);
      if (existsSync(target)) visit(target);
      else unreadableReferences.push({ from: path, path: target });
    }
  };
  visit(resolve(rootTsconfig));
  return { projects, unreadableReferences };
}

/**
 * The files git tracks plus untracked ones it does not ignore (absolute), or undefined outside a
 * git repository. Deleted files still in the index are left out.
 */
export function listGitFiles(root: string): string[] | undefined {
  let output: string;
  try {
    output = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
  const files = new Set<string>();
  for (const path of output.split('\0')) {
    if (!path) continue;
    const absolute = resolve(root, path);
    if (existsSync(absolute)) files.add(absolute);
  }
  return [...files];
}
