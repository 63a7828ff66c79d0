import ts from 'typescript';
import type { CachingCompilerHost } from './program-host.js';
import type { VerifyProject } from './project.js';

/** A program built on first use, and syntax trees parsed on their own until then. */
export interface LazyProgram {
  getProgram(): ts.Program;
  getSourceFile(fileName: string): ts.SourceFile | undefined;
  /** Whether the program has been built. */
  readonly built: boolean;
}

/**
 * Shares one program per run, built only when a check needs types; syntax alone never builds it, and
 * the trees parsed for syntax are the program's own once it is built.
 */
export function createLazyProgram(
  project: VerifyProject,
  host: CachingCompilerHost,
  existing?: ts.Program,
): LazyProgram {
  let program = existing;
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const languageVersion = project.compilerOptions.target ?? ts.ScriptTarget.ES2022;
  return {
    get built() {
      return program !== undefined;
    },
    getProgram() {
      program ??= ts.createProgram({ rootNames: project.rootNames, options: project.compilerOptions, host });
      return program;
    },
    getSourceFile(fileName) {
      if (program) return program.getSourceFile(fileName);
      if (parsed.has(fileName)) return parsed.get(fileName);
      const sourceFile = host.parseAlone(fileName, {
        languageVersion,
        impliedNodeFormat: ts.getImpliedNodeFormatForFile(
          fileName,
          undefined,
          ts.sys,
          project.compilerOptions,
        ),
      });
      parsed.set(fileName, sourceFile);
      return sourceFile;
    },
  };
}
