import ts from 'typescript';
import type { TypeDiagnostic } from '../check.js';
import { isJavaScriptFile, type VerifyProject } from '../project.js';
import { type NativeCompiler, runNativeCompiler } from './native-tsc.js';

const categories: Readonly<Record<ts.DiagnosticCategory, TypeDiagnostic['category']>> = {
  [ts.DiagnosticCategory.Error]: 'error',
  [ts.DiagnosticCategory.Warning]: 'warning',
  [ts.DiagnosticCategory.Suggestion]: 'suggestion',
  [ts.DiagnosticCategory.Message]: 'message',
};

/** A compiler-API diagnostic in the shared shape, with a 1-based range. */
export function fromTsDiagnostic(diagnostic: ts.Diagnostic): TypeDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
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
  return !isJavaScriptFile(fileName) || project.checksJavaScript;
}

export interface TypeDiagnosticsOptions {
  project: VerifyProject;
  /** Called when the shared program is needed; built lazily so the native compiler can start first. */
  program: () => ts.Program;
  targetFiles: readonly string[];
  /** The native compiler, when it is to be used for the files tsconfig covers. */
  native?: NativeCompiler | undefined;
  /** Precomputed semantic diagnostics per file (a warm session's builder program). */
  semanticDiagnostics?: ReadonlyMap<string, readonly ts.Diagnostic[]> | undefined;
  signal: AbortSignal;
}

/** An options error about tsconfig itself, after which a compiler checks no file. */
function isConfigRejection(diagnostic: TypeDiagnostic, project: VerifyProject): boolean {
  const aboutConfig = diagnostic.fileName === undefined || diagnostic.fileName === project.tsconfigPath;
  return aboutConfig && diagnostic.code >= 5000 && diagnostic.code < 7000;
}

/** How the diagnostics were computed, for the report. */
export type DiagnosticsEngine = 'native' | 'typescript' | 'incremental';

/**
 * Computes compiler diagnostics for the target files once, starting the native compiler (when
 * there is one) at once so that it runs while the shared program is built in this process.
 */
export function createTypeDiagnostics(options: TypeDiagnosticsOptions): {
  engine: DiagnosticsEngine;
  get(): Promise<readonly TypeDiagnostic[]>;
  /** After `get()` resolved: whether the native compiler ran to the end (a failure falls back to the API). */
  nativeSucceeded(): boolean;
} {
  const { project, targetFiles, signal } = options;
  const useNative =
    options.native !== undefined && project.tsconfigPath !== undefined && !options.semanticDiagnostics;
  const nativeRun =
    useNative && options.native && project.tsconfigPath
      ? runNativeCompiler(options.native, project.tsconfigPath, signal)
      : undefined;
  // A rejected native run is handled where it is awaited; this keeps Node from reporting it early.
  nativeRun?.catch(() => undefined);
  let result: Promise<readonly TypeDiagnostic[]> | undefined;
  let nativeSucceeded = false;
  const compute = async (): Promise<readonly TypeDiagnostic[]> => {
    const diagnostics: TypeDiagnostic[] = project.configDiagnostics.map(fromTsDiagnostic);
    const targets = new Set(targetFiles);
    let nativeDiagnostics: TypeDiagnostic[] | undefined;
    if (nativeRun) {
      try {
        nativeDiagnostics = await nativeRun;
        nativeSucceeded = true;
        // TypeScript 7 removed options 6 still accepts (moduleResolution node10, …) and then checks
        // nothing: such a project is checked with the TypeScript API instead.
        if (nativeDiagnostics.some((diagnostic) => isConfigRejection(diagnostic, project))) {
          nativeDiagnostics = undefined;
          nativeSucceeded = false;
        }
      } catch {
        nativeDiagnostics = undefined;
      }
    }
    if (nativeDiagnostics) {
      for (const diagnostic of nativeDiagnostics) {
        if (diagnostic.fileName === undefined || targets.has(diagnostic.fileName))
          diagnostics.push(diagnostic);
      }
    }
    if (!nativeDiagnostics) {
      for (const diagnostic of options.program().getOptionsDiagnostics())
        diagnostics.push(fromTsDiagnostic(diagnostic));
    }
    for (const fileName of targetFiles) {
      const coveredByNative = nativeDiagnostics !== undefined && project.configFileNames.has(fileName);
      if (coveredByNative) continue;
      // Only files the native compiler did not see need this process's program.
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
