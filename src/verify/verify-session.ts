import ts from 'typescript';
import { apiDiagnosticCodes } from './api/api-check.js';
import type { CheckContext } from './check.js';
import { explainEnvironment } from './environment/environment-notes.js';
import { compareFindings, type Finding } from './finding.js';
import { type CheckRun, runChecks } from './pipeline.js';
import { type CachingCompilerHost, createCachingCompilerHost } from './program-host.js';
import { toProjectPath } from './project.js';
import { createTypeDiagnostics } from './types/type-diagnostics.js';
import {
  describeRun,
  emitCheckEnd,
  prepareRun,
  unsupportedFileFindings,
  type VerifyOptions,
  type VerifyReport,
} from './verify.js';

/** A verifier that stays warm between runs: `--watch`, editors, the engine's repair loop. */
export interface VerifySession {
  /** Verifies again; only files an edit affected are checked again, the rest comes from memory. */
  run(): Promise<VerifyReport>;
  /** Files the last run checked afresh (absolute paths). */
  readonly lastChecked: readonly string[];
}

/**
 * Keeps the parsed program, a builder program that knows which files an edit affects, and the
 * findings of every file between runs. The first run checks everything; after an edit, a run
 * re-checks the edited file and the files whose view of it changed.
 */
export function createVerifySession(options: VerifyOptions): VerifySession {
  let host: CachingCompilerHost | undefined;
  let optionsKey = '';
  let builder: ts.SemanticDiagnosticsBuilderProgram | undefined;
  const findingsByFile = new Map<string, Finding[]>();
  let projectFindings: Finding[] = [];
  let lastChecked: string[] = [];

  return {
    get lastChecked() {
      return lastChecked;
    },
    async run() {
      const started = performance.now();
      const { project, targets, checks, settings } = prepareRun(options);
      const key = JSON.stringify(project.compilerOptions);
      if (!host || key !== optionsKey) {
        host = createCachingCompilerHost(project.compilerOptions);
        optionsKey = key;
        builder = undefined;
        findingsByFile.clear();
      }
      builder = ts.createSemanticDiagnosticsBuilderProgram(
        project.rootNames,
        project.compilerOptions,
        host,
        builder,
      );
      const program = builder.getProgram();
      const semantic = new Map<string, readonly ts.Diagnostic[]>();
      let everything = false;
      for (;;) {
        const next = builder.getSemanticDiagnosticsOfNextAffectedFile();
        if (!next) break;
        if ('fileName' in next.affected) semantic.set(next.affected.fileName, next.result);
        else everything = true;
      }
      const fresh = targets.filter(
        (file) => everything || semantic.has(file) || !findingsByFile.has(toProjectPath(project.root, file)),
      );
      for (const file of fresh) {
        const sourceFile = program.getSourceFile(file);
        if (sourceFile && !semantic.has(file)) semantic.set(file, builder.getSemanticDiagnostics(sourceFile));
      }
      const signal = options.signal ?? new AbortController().signal;
      const currentHost = host;
      // The warm builder holds the bundled compiler's view of one tsconfig; a project on another
      // TypeScript, or with referenced projects of their own options, is checked by its own programs.
      const exact = !project.compiler.isBundled || project.units.length > 1;
      const diagnostics = createTypeDiagnostics({
        project,
        program: () => program,
        targetFiles: fresh,
        semanticDiagnostics: exact ? undefined : semantic,
        host: currentHost,
        signal,
      });
      const context: CheckContext = {
        project,
        getProgram: () => program,
        getSourceFile: (fileName) => program.getSourceFile(fileName),
        nativeDiagnostics: () => false,
        targetFiles: fresh.filter((file) => !currentHost.binaryFiles.has(file)),
        typeDiagnostics: diagnostics.get,
        settings,
        signal,
      };
      const fileChecks = checks.filter((check) => check.scope === 'file');
      const otherChecks = checks.filter((check) => check.scope !== 'file');
      const runs: CheckRun[] = [];
      const onCheckEnd = (run: CheckRun) => emitCheckEnd(options.events, run);
      const fileResult = await runChecks(fileChecks, context, {
        overlappingCompilerCodes: apiDiagnosticCodes,
        onCheckEnd,
      });
      const projectResult = await runChecks(
        otherChecks,
        { ...context, targetFiles: targets },
        { onCheckEnd },
      );
      runs.push(...fileResult.runs, ...projectResult.runs);

      for (const file of fresh) findingsByFile.set(toProjectPath(project.root, file), []);
      const global: Finding[] = [];
      for (const finding of fileResult.findings) {
        const list = findingsByFile.get(finding.file);
        if (list) list.push(finding);
        else global.push(finding);
      }
      projectFindings = [...global, ...projectResult.findings];
      const wanted = new Set(targets.map((file) => toProjectPath(project.root, file)));
      const checked = [
        ...[...findingsByFile.entries()].filter(([file]) => wanted.has(file)).flatMap(([, list]) => list),
        ...projectFindings,
      ];
      const findings = [
        ...explainEnvironment(checked, {
          root: project.root,
          compilerOptions: project.compilerOptions,
          targets,
          getProgram: () => program,
        }),
        ...unsupportedFileFindings(project, targets, currentHost.binaryFiles),
      ].sort(compareFindings);
      lastChecked = fresh;
      return {
        root: project.root,
        findings,
        checks: runs,
        filesVerified: targets.length,
        engine: diagnostics.engine,
        ...describeRun(project),
        durationMs: Math.round(performance.now() - started),
      };
    },
  };
}
