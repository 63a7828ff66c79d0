import type ts from 'typescript';
import type { BenchmarkBudget } from '../core/config/benchmark-settings.js';
import type { Finding } from './finding.js';
import type { VerifyProject } from './project.js';

/** A compiler diagnostic in one shape, whether it came from the TypeScript API or the native `tsc`. */
export interface TypeDiagnostic {
  /** Absolute path, or undefined for diagnostics about the whole program. */
  fileName: string | undefined;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: number;
  category: 'error' | 'warning' | 'suggestion' | 'message';
  message: string;
}

/** Settings of the security check (`verify.security` in the config). */
export interface SecurityCheckSettings {
  /** Treat `process.env` values as outside data. */
  envSources: boolean;
  /** Treat the parameters of exported functions as outside data, for libraries that have no handlers. */
  libraryMode: boolean;
  /** Also run the ESLint security rules that cover what the security check's own rules do not. */
  eslint: boolean;
}

/** Settings a run passes to every check. */
export interface CheckSettings {
  /** Ask the npm registry whether an unknown package exists (cached on disk); off by default. */
  registryLookup: boolean;
  /** Folder for caches (registry answers); absolute. */
  cacheDirectory: string;
  /** The project's test command, when it has one. */
  testCommand: string | undefined;
  /** Test files to run instead of the whole suite, such as a component's acceptance tests. */
  testFiles: readonly string[];
  testTimeoutMs: number;
  testMemoryMb: number;
  /** A Postgres server the SQL check applies migrations on; embedded PGlite when absent. */
  databaseUrl?: string | undefined;
  /** Benchmarks the performance check times against their baselines; none by default. */
  benchmarks?: readonly BenchmarkBudget[];
  /** Settings of the security check; its defaults apply to what is left out. */
  security?: Partial<SecurityCheckSettings> | undefined;
  /** The plan component this run verifies, when verify runs for one (`--plan … --component …`). */
  component?: VerifiedComponent | undefined;
  /** Property-based fuzzing of exported functions: inputs of the declared types, also null and undefined everywhere, or none. */
  fuzz?: 'typed' | 'hostile' | 'off';
  /** Generated inputs per fuzzed function. */
  fuzzRuns?: number;
  /** Time limit of the whole fuzzing run, in milliseconds. */
  fuzzTimeoutMs?: number;
  /** Run the project's code without the file-system sandbox where the OS cannot provide it. */
  allowUnsandboxed?: boolean;
}

/** An edge case of a plan component, with where it is written in the plan file. */
export interface PlannedEdgeCase {
  case: string;
  expect: string;
  /** The test the plan names for it: `file` or `file > test name`, relative to the plan root. */
  test: string | undefined;
  line: number;
  column: number;
}

/** The plan component a run verifies, for checks that hold the code to its plan. */
export interface VerifiedComponent {
  id: string;
  /** Absolute path of the plan file. */
  planFile: string;
  /** The folder the plan's paths are relative to (absolute). */
  planRoot: string;
  edgeCases: readonly PlannedEdgeCase[];
  /** Globs of the files the component owns, relative to `planRoot`: the functions fuzzing covers for it. */
  files?: readonly string[];
}

/** Everything a check may read; one shared program for every check in a run. */
export interface CheckContext {
  project: VerifyProject;
  /** The shared program, built on first use, so that checks that can work from syntax alone never wait for it. */
  getProgram(): ts.Program;
  /** A file's syntax tree: the program's once it is built, else the file parsed on its own. */
  getSourceFile(fileName: string): ts.SourceFile | undefined;
  /**
   * Once `typeDiagnostics()` has resolved: whether the native compiler produced the diagnostics of
   * the files tsconfig lists, so that they exist without this process type-checking those files.
   */
  nativeDiagnostics(): boolean;
  /** Files this run reports on (absolute); a check reports nothing outside them. */
  targetFiles: readonly string[];
  /** Compiler diagnostics for the target files, computed once (natively where that is faster). */
  typeDiagnostics(): Promise<readonly TypeDiagnostic[]>;
  settings: CheckSettings;
  signal: AbortSignal;
}

/**
 * A verification check: one interface for every kind (types, API accuracy, tests…), so the pipeline
 * runs them side by side and every implementation passes the same contract suite.
 */
export interface Check {
  /** Short stable id used by `--checks` and in rule ids, such as `api`. */
  readonly id: string;
  readonly description: string;
  /**
   * `file` checks report per file and can be re-run on changed files only; `project` checks (a
   * test run) always look at the whole project.
   */
  readonly scope: 'file' | 'project';
  /** Whether the check has anything to say about a file. */
  appliesTo(fileName: string): boolean;
  run(context: CheckContext): Promise<Finding[]>;
}
