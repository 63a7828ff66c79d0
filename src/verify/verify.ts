import { closeSync, openSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchmarkBudget } from '../core/config/benchmark-settings.js';
import type { EventBus } from '../core/events.js';
import { apiDiagnosticCodes } from './api/api-check.js';
import { changedFilesSince } from './changed-files.js';
import type {
  Check,
  CheckContext,
  CheckSettings,
  SecurityCheckSettings,
  VerifiedComponent,
} from './check.js';
import { type CheckThreadsSetting, checkThreadsWanted, withCheckThreads } from './check-thread.js';
import { createBuiltInChecks, selectChecks } from './checks.js';
import { explainEnvironment } from './environment/environment-notes.js';
import { compareFindings, type Finding, lineRange } from './finding.js';
import { createLazyProgram } from './lazy-program.js';
import { type CheckRun, runChecks } from './pipeline.js';
import { createCachingCompilerHost } from './program-host.js';
import {
  expandPaths,
  isVerifiableFile,
  loadVerifyProject,
  type ScopeSource,
  toProjectPath,
  type VerifyProject,
  withExtraRoots,
} from './project.js';
import { isDeclarationFile } from './source-files.js';
import { findNativeCompiler } from './types/native-tsc.js';
import { createTypeDiagnostics, type DiagnosticsEngine } from './types/type-diagnostics.js';

/** What to verify and how; the CLI fills it from flags and config. */
export interface VerifyOptions {
  root: string;
  /** Files or folders to verify; all the project's sources when empty. */
  paths?: readonly string[];
  /** Only files changed since this git revision (committed, staged, unstaged or untracked). */
  changedSince?: string | undefined;
  /** Check ids to run; all built-in checks when empty. */
  checks?: readonly string[] | undefined;
  tsconfig?: string | undefined;
  testCommand?: string | undefined;
  testFiles?: readonly string[];
  testTimeoutMs?: number;
  testMemoryMb?: number;
  registryLookup?: boolean;
  /** A PostgreSQL server for the SQL check's migrations; embedded PGlite when absent. */
  databaseUrl?: string | undefined;
  /** Benchmark budgets for the performance check (config `verify.benchmarks`, a plan component's `benchmark`). */
  benchmarks?: readonly BenchmarkBudget[];
  /** Settings of the security check (config `verify.security`); its defaults fill what is left out. */
  security?: Partial<SecurityCheckSettings> | undefined;
  /** The plan component verified, for the edge-cases check's tracing (`--plan … --component …`). */
  component?: VerifiedComponent | undefined;
  /** Fuzzing of exported functions by the edge-cases check. @default 'typed' for a plan component, else 'off' */
  fuzz?: 'typed' | 'hostile' | 'off';
  fuzzRuns?: number;
  fuzzTimeoutMs?: number;
  /** Run the project's code without the file-system sandbox where the OS cannot provide it. @default false */
  allowUnsandboxed?: boolean;
  /** Cache folder (registry answers); @default `<root>/.baton/verify` */
  cacheDirectory?: string | undefined;
  /** `auto` uses a native tsc 7 for plain diagnostics when one is installed. @default 'auto' */
  nativeCompiler?: 'auto' | 'off';
  /**
   * `on` runs the security check on a thread of its own, with its own program, beside the checks
   * that share the main thread's program; `auto` does so on machines with 4 cores or more; `off`
   * keeps every check on the main thread. `BATON_VERIFY_THREADS` sets it when this is absent.
   * @default 'auto'
   */
  checkThreads?: CheckThreadsSetting;
  signal?: AbortSignal;
  /** Announces `check-end` for each check, for the ledger and progress display. */
  events?: EventBus;
  /** Checks to run instead of the built-in ones (tests of the pipeline, plugins). */
  customChecks?: readonly Check[];
}

/** The result of one run: findings in a stable order, and how each check went. */
export interface VerifyReport {
  root: string;
  findings: Finding[];
  checks: CheckRun[];
  /** How many source files the run reported on. */
  filesVerified: number;
  engine: DiagnosticsEngine;
  /** The TypeScript the findings were checked against. */
  compiler: CompilerUsed;
  /** Where the default scope came from: the tsconfig (and its references), git, or the folder. */
  scope: ScopeSource;
  /** Things the user should know about this run: a scope smaller than expected, a compiler stand-in. */
  notices: string[];
  durationMs: number;
}

/** The compiler a run used, as reports show it. */
export interface CompilerUsed {
  /** The version diagnostics were computed with. */
  version: string;
  /** The project's own `typescript`, or Baton's bundled one when the project has none. */
  source: 'project' | 'bundled';
  /** The version whose compiler API the checks that need types used (Baton's bundled one). */
  apiVersion: string;
  /**
   * The project's own version, when Baton's native tsc computed the diagnostics in its place
   * (`verify.nativeCompiler: 'auto'` on a project that uses Baton's TypeScript).
   */
  standsInFor?: string;
}

/** The compiler and notices of a run, for its report. */
export function describeRun(
  project: VerifyProject,
  nativeVersion?: string,
): Pick<VerifyReport, 'compiler' | 'scope' | 'notices'> {
  const { compiler } = project;
  const notices = [...project.scopeWarnings, ...(compiler.notice ? [compiler.notice] : [])];
  return {
    // Baton's own native tsc, when it stood in for the bundled compiler, computed the diagnostics.
    compiler: nativeVersion
      ? {
          version: nativeVersion,
          source: 'bundled',
          apiVersion: compiler.apiVersion,
          ...(compiler.source === 'project' ? { standsInFor: compiler.version } : {}),
        }
      : { version: compiler.version, source: compiler.source, apiVersion: compiler.apiVersion },
    scope: project.scopeSource,
    notices,
  };
}

/** A run's project, targets, checks and settings, read fresh for each run. */
export interface PreparedRun {
  project: VerifyProject;
  targets: string[];
  checks: Check[];
  settings: CheckSettings;
}

/** Reads the project and works out what this run verifies. */
export function prepareRun(options: VerifyOptions): PreparedRun {
  const root = resolve(options.root);
  const checks = selectChecks(options.customChecks ?? createBuiltInChecks(), options.checks);
  const named = options.paths && options.paths.length > 0 ? expandPaths(root, options.paths) : undefined;
  const loaded = loadVerifyProject({ root, tsconfig: options.tsconfig });
  // Named paths are checked whatever the tsconfig says; otherwise the compiler's scope decides.
  let targets = named ?? [...loaded.scope];
  if (options.changedSince) {
    const changed = new Set(changedFilesSince(root, options.changedSince));
    targets = targets.filter((file) => changed.has(file));
  }
  // Scope warnings are about the default scope; named paths replace it.
  const project = withExtraRoots(named ? { ...loaded, scopeWarnings: [] } : loaded, targets);
  const settings: CheckSettings = {
    registryLookup: options.registryLookup ?? false,
    cacheDirectory: options.cacheDirectory ?? join(root, '.baton', 'verify'),
    testCommand: options.testCommand,
    testFiles: options.testFiles ?? [],
    testTimeoutMs: options.testTimeoutMs ?? 10 * 60 * 1000,
    testMemoryMb: options.testMemoryMb ?? 2048,
    databaseUrl: options.databaseUrl,
    benchmarks: options.benchmarks ?? [],
    component: options.component,
    fuzz: options.fuzz ?? (options.component ? 'typed' : 'off'),
    allowUnsandboxed: options.allowUnsandboxed ?? false,
    fuzzRuns: options.fuzzRuns ?? 100,
    fuzzTimeoutMs: options.fuzzTimeoutMs ?? 60_000,
    security: options.security,
  };
  return { project, targets, checks, settings };
}

/** Whether a file's first 8 KB hold a NUL byte: binary content, whatever its extension. */
export function isBinaryFile(fileName: string): boolean {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(fileName, 'r');
    const buffer = Buffer.alloc(8192);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).includes(0);
  } catch {
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** Findings for named files that are not sources verify can read (images, binaries). */
export function unsupportedFileFindings(
  project: VerifyProject,
  targets: readonly string[],
  binary: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const file of targets) {
    const isBinary = binary.has(file);
    if ((isVerifiableFile(file) || isDeclarationFile(file)) && !isBinary) continue;
    findings.push({
      checkId: 'verify',
      ruleId: isBinary ? 'verify/binary-file' : 'verify/unsupported-file',
      severity: isBinary ? 'error' : 'warning',
      file: toProjectPath(project.root, file),
      range: lineRange(1),
      message: isBinary
        ? 'The file has a source extension but binary content (NUL bytes); it was not checked.'
        : 'Not a TypeScript or JavaScript source file; verify checks .ts, .tsx, .mts, .cts, .js, .jsx, .mjs and .cjs files.',
      hint: isBinary
        ? 'Restore the source text, or rename the file if it is data.'
        : 'Leave it out of the paths given to `baton verify`.',
    });
  }
  return findings;
}

export function emitCheckEnd(events: EventBus | undefined, run: CheckRun): void {
  void events?.emit({
    type: 'check-end',
    at: new Date().toISOString(),
    checkId: run.id,
    findings: run.findings,
    durationMs: run.durationMs,
  });
}

/**
 * Verifies a repository once: builds one TypeScript program shared by every check, runs the checks
 * side by side and returns their findings. Plain diagnostics come from the native compiler when
 * one is installed, started first so that it runs while the program is built here.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const { project, targets, checks, settings } = prepareRun(options);
  const signal = options.signal ?? new AbortController().signal;
  const host = createCachingCompilerHost(project.compilerOptions);
  const lazy = createLazyProgram(project, host);
  const binaryTargets = new Set(targets.filter((file) => isVerifiableFile(file) && isBinaryFile(file)));
  const wantsDiagnostics = checks.some((check) => check.id === 'types' || check.id === 'api');
  const native =
    wantsDiagnostics && options.nativeCompiler !== 'off' ? findNativeCompiler(project.root) : undefined;
  const diagnostics = createTypeDiagnostics({
    project,
    program: lazy.getProgram,
    targetFiles: targets,
    native,
    host,
    signal,
  });
  // Built now only for the checks that need compiler diagnostics; the others build it when they ask for types.
  if (wantsDiagnostics && diagnostics.engine !== 'native') lazy.getProgram();
  const context: CheckContext = {
    project,
    getProgram: lazy.getProgram,
    getSourceFile: lazy.getSourceFile,
    nativeDiagnostics: diagnostics.nativeSucceeded,
    targetFiles: targets.filter((file) => !binaryTargets.has(file)),
    typeDiagnostics: diagnostics.get,
    settings,
    signal,
  };
  // Custom checks cannot be rebuilt on another thread; only the built-in ones move.
  const scheduled =
    !options.customChecks && checkThreadsWanted(options.checkThreads)
      ? withCheckThreads(checks, {
          root: project.root,
          tsconfig: options.tsconfig,
          rootNames: project.rootNames,
          settings,
        })
      : { checks, threaded: new Set<string>() };
  const result = await runChecks(scheduled.checks, context, {
    overlappingCompilerCodes: apiDiagnosticCodes,
    onCheckEnd: (run) => emitCheckEnd(options.events, run),
  });
  for (const run of result.runs) if (scheduled.threaded.has(run.id)) run.thread = true;
  const binary = new Set([...host.binaryFiles, ...binaryTargets]);
  const engine =
    diagnostics.engine === 'native' && !diagnostics.nativeSucceeded() ? 'typescript' : diagnostics.engine;
  const { compiler } = project;
  const explained = explainEnvironment(result.findings, {
    root: project.root,
    compilerOptions: project.compilerOptions,
    targets: context.targetFiles,
    getProgram: lazy.getProgram,
  });
  const findings = [...explained, ...unsupportedFileFindings(project, targets, binary)].sort(compareFindings);
  return {
    root: project.root,
    findings,
    checks: result.runs,
    filesVerified: context.targetFiles.length,
    engine,
    ...describeRun(project, engine === 'native' && compiler.isBundled ? native?.version : undefined),
    durationMs: Math.round(performance.now() - started),
  };
}
