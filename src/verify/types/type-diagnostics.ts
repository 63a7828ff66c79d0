import ts from 'typescript';
import type { TypeDiagnostic } from '../check.js';
import { isTypeCheckedFile, type ProjectUnit, type VerifyProject, withoutEmit } from '../project.js';
import type { CompilerModule } from '../project-compiler.js';
import { readTsconfig } from '../project-scope.js';
import { type NativeCompiler, nativeCheckers, runNativeCompiler } from './native-tsc.js';

const categories: Readonly<Record<ts.DiagnosticCategory, TypeDiagnostic['category']>> = {
  [ts.DiagnosticCategory.Error]: 'error',
  [ts.DiagnosticCategory.Warning]: 'warning',
  [ts.DiagnosticCategory.Suggestion]: 'suggestion',
  [ts.DiagnosticCategory.Message]: 'message',
};

/** A compiler-API diagnostic in the shared shape, with a 1-based range. */
export function fromTsDiagnostic(diagnostic: ts.Diagnostic, compiler: CompilerModule = ts): TypeDiagnostic {
  const message = compiler.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const file = diagnostic.file;
  if (!file || diagnostic.start === undefined) {
    return {
      fileName: file?.fileName,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      code: diagnostic.code,
      category: categories[diagnostic.category],
      message,
    };
  }
  const start = file.getLineAndCharacterOfPosition(diagnostic.start);
  const end = file.getLineAndCharacterOfPosition(diagnostic.start + (diagnostic.length ?? 0));
  return {
    fileName: file.fileName,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    code: diagnostic.code,
    category: categories[diagnostic.category],
    message,
  };
}

/** Whether the compiler checks a file's types: TypeScript always, JavaScript only under `checkJs`. */
export function isTypeChecked(project: VerifyProject, fileName: string): boolean {
  return isTypeCheckedFile(project, fileName);
}

export interface TypeDiagnosticsOptions {
  project: VerifyProject;
  /** Called when the shared program is needed; built lazily so the native compiler can start first. */
  program: () => ts.Program;
  targetFiles: readonly string[];
  /** The native compiler, when it is to be used for the files tsconfig covers. */
  native?: NativeCompiler | undefined;
  /** The run's caching host, reused by programs built with the bundled compiler. */
  host?: ts.CompilerHost | undefined;
  /** Precomputed semantic diagnostics per file (a warm session's builder program). */
  semanticDiagnostics?: ReadonlyMap<string, readonly ts.Diagnostic[]> | undefined;
  signal: AbortSignal;
}

/** An options error about a tsconfig itself, after which a compiler checks no file. */
function isConfigRejection(
  diagnostic: TypeDiagnostic,
  tsconfigPaths: ReadonlySet<string | undefined>,
): boolean {
  const aboutConfig = diagnostic.fileName === undefined || tsconfigPaths.has(diagnostic.fileName);
  return aboutConfig && diagnostic.code >= 5000 && diagnostic.code < 7000;
}

// TS6305/6306/6310: a referenced project is not built or not composite. `tsc -b` builds them;
// verify reads their sources instead, so these say nothing about the code.
const referenceBuildCodes = new Set([6305, 6306, 6310]);

// Native compilers use every core themselves: a monorepo's many tsconfigs run two at a time.
const nativeConcurrency = 2;

/** Runs the native compiler on each tsconfig, a few at a time, and joins their diagnostics in order. */
async function runEach(
  configs: readonly string[],
  run: (config: string) => Promise<TypeDiagnostic[]>,
): Promise<TypeDiagnostic[]> {
  const results: TypeDiagnostic[][] = [];
  let next = 0;
  const worker = async () => {
    while (next < configs.length) {
      const index = next;
      next += 1;
      results[index] = await run(configs[index] as string);
    }
  };
  await Promise.all(Array.from({ length: Math.min(nativeConcurrency, configs.length) }, worker));
  return results.flat();
}

/** How the diagnostics were computed, for the report. */
export type DiagnosticsEngine = 'native' | 'typescript' | 'incremental';

/** A program of one tsconfig built with the project's own compiler module, and how its tsconfig read. */
function unitProgram(
  compiler: CompilerModule,
  unit: ProjectUnit,
  sharedHost: ts.CompilerHost | undefined,
): { program: ts.Program; configErrors: ts.Diagnostic[] } {
  const read = readTsconfig(unit.tsconfigPath, compiler);
  const options = withoutEmit(read.options);
  // Syntax trees are shared with the run's other programs only when they come from the same compiler.
  const host = compiler === ts && sharedHost ? sharedHost : compiler.createCompilerHost(options, true);
  const program = compiler.createProgram({ rootNames: read.fileNames, options, host });
  return { program, configErrors: read.errors };
}

/**
 * Computes compiler diagnostics for the target files once, with the project's own compiler: its
 * native `tsc` (TypeScript 7) or its compiler module, one program per tsconfig so that each
 * referenced project's options apply to its files. A native compiler starts at once so that it
 * runs while the shared program is built in this process.
 */
export function createTypeDiagnostics(options: TypeDiagnosticsOptions): {
  engine: DiagnosticsEngine;
  get(): Promise<readonly TypeDiagnostic[]>;
  /** After `get()` resolved: whether the native compiler ran to the end (a failure falls back to the API). */
  nativeSucceeded(): boolean;
} {
  const { project, targetFiles, signal } = options;
  const compiler = project.compiler;
  // The project's own native tsc is its truth; Baton's is only a faster way to the bundled answers.
  const projectNative =
    compiler.source === 'project' && compiler.module === undefined ? compiler.native : undefined;
  const native = projectNative ?? (compiler.isBundled ? options.native : undefined);
  const nativeConfigs = project.units.map((unit) => unit.tsconfigPath);
  const useNative = native !== undefined && nativeConfigs.length > 0 && !options.semanticDiagnostics;
  const nativeRun =
    useNative && native
      ? runEach(nativeConfigs, (config) =>
          // The project's own native tsc keeps its defaults: its version may not take the option.
          runNativeCompiler(native, config, signal, {
            checkers: projectNative ? undefined : nativeCheckers(),
          }),
        )
      : undefined;
  // A rejected native run is handled where it is awaited; this keeps Node from reporting it early.
  nativeRun?.catch(() => undefined);
  const ownModule = compiler.module && !compiler.isBundled ? compiler.module : undefined;
  const perUnit = !options.semanticDiagnostics && (ownModule !== undefined || project.units.length > 1);
  let result: Promise<readonly TypeDiagnostic[]> | undefined;
  let nativeSucceeded = false;
  const compute = async (): Promise<readonly TypeDiagnostic[]> => {
    const diagnostics: TypeDiagnostic[] = [];
    const targets = new Set(targetFiles);
    let nativeDiagnostics: TypeDiagnostic[] | undefined;
    if (nativeRun) {
      try {
        nativeDiagnostics = await nativeRun;
        nativeSucceeded = true;
        // TypeScript 7 removed options 6 still accepts (moduleResolution node10, …) and then checks
        // nothing: such a project is checked with the TypeScript API instead, unless 7 is its own.
        const configs = new Set<string | undefined>(nativeConfigs);
        if (
          !projectNative &&
          nativeDiagnostics.some((diagnostic) => isConfigRejection(diagnostic, configs))
        ) {
          nativeDiagnostics = undefined;
          nativeSucceeded = false;
        }
      } catch {
        nativeDiagnostics = undefined;
      }
    }
    const covered = new Set<string>();
    if (nativeDiagnostics) {
      for (const unit of project.units) for (const file of unit.fileNames) covered.add(file);
      for (const diagnostic of nativeDiagnostics) {
        if (referenceBuildCodes.has(diagnostic.code)) continue;
        if (
          diagnostic.fileName === undefined ||
          targets.has(diagnostic.fileName) ||
          nativeConfigs.includes(diagnostic.fileName)
        )
          diagnostics.push(diagnostic);
      }
    } else if (perUnit) {
      // One program per tsconfig, each with its own options, built with the project's compiler.
      const module = ownModule ?? ts;
      const rootIsUnit = project.units.some((unit) => unit.tsconfigPath === project.tsconfigPath);
      const configErrors =
        ownModule && project.tsconfigPath && !rootIsUnit
          ? readTsconfig(project.tsconfigPath, module).errors
          : [];
      if (!ownModule) configErrors.push(...project.configDiagnostics);
      for (const diagnostic of configErrors) diagnostics.push(fromTsDiagnostic(diagnostic, module));
      const wanted = project.units.filter((unit) => unit.fileNames.some((file) => targets.has(file)));
      for (const unit of wanted) {
        const built = unitProgram(module, unit, options.host);
        const unitErrors = ownModule ? built.configErrors : [];
        for (const diagnostic of [...unitErrors, ...built.program.getOptionsDiagnostics()])
          diagnostics.push(fromTsDiagnostic(diagnostic, module));
        const program = built.program;
        for (const fileName of unit.fileNames) {
          if (!targets.has(fileName) || covered.has(fileName)) continue;
          covered.add(fileName);
          const sourceFile = program.getSourceFile(fileName);
          if (!sourceFile) continue;
          const fileDiagnostics = [
            ...program.getSyntacticDiagnostics(sourceFile),
            ...(isTypeChecked(project, fileName) ? program.getSemanticDiagnostics(sourceFile) : []),
          ];
          for (const diagnostic of fileDiagnostics) diagnostics.push(fromTsDiagnostic(diagnostic, module));
        }
      }
    }
    if (!nativeDiagnostics && !perUnit) {
      for (const diagnostic of project.configDiagnostics) diagnostics.push(fromTsDiagnostic(diagnostic));
      for (const diagnostic of options.program().getOptionsDiagnostics())
        diagnostics.push(fromTsDiagnostic(diagnostic));
    }
    for (const fileName of targetFiles) {
      if (covered.has(fileName)) continue;
      // Only files no compiler run above saw need this process's shared program.
      const program = options.program();
      const sourceFile = program.getSourceFile(fileName);
      if (!sourceFile) continue;
      for (const diagnostic of program.getSyntacticDiagnostics(sourceFile))
        diagnostics.push(fromTsDiagnostic(diagnostic));
      if (!isTypeChecked(project, fileName)) continue;
      const semantic =
        options.semanticDiagnostics?.get(fileName) ?? program.getSemanticDiagnostics(sourceFile);
      for (const diagnostic of semantic) diagnostics.push(fromTsDiagnostic(diagnostic));
    }
    return diagnostics;
  };
  return {
    engine: options.semanticDiagnostics ? 'incremental' : nativeRun ? 'native' : 'typescript',
    get() {
      result ??= compute();
      return result;
    },
    nativeSucceeded: () => nativeSucceeded,
  };
}
