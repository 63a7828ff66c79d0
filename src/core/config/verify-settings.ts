import { join, resolve } from 'node:path';
import { z } from 'zod';
import { type BenchmarkBudget, benchmarkBudgetSchema, resolveBenchmarkBudget } from './benchmark-settings.js';

/** The built-in checks' ids (verify/checks.ts lists the same; core cannot import verify). */
export const verifyCheckIds = [
  'types',
  'api',
  'tests',
  'sql',
  'performance',
  'security',
  'edge-cases',
] as const;
export const verifyFailOnLevels = ['error', 'warning', 'note', 'none'] as const;

export const verifySettingsSchema = z.strictObject({
  /**
   * The lowest finding severity that makes `baton verify` exit 1; `none` never fails on findings.
   * @default 'error'
   */
  failOn: z.enum(verifyFailOnLevels).optional(),
  /**
   * The checks `baton verify` runs when `--checks` is not given, and the built-in checks a
   * component's gate in `baton run` may run (docs/engine.md).
   * @default every built-in check
   */
  checks: z.array(z.enum(verifyCheckIds)).min(1).optional(),
  /**
   * Ask the npm registry whether an imported package that is neither declared nor installed exists;
   * answers are cached on disk under `cacheDir`.
   * @default false
   */
  registryLookup: z.boolean().optional(),
  /**
   * Where verify keeps its caches, relative to the project root.
   * @default '<dataDir>/verify'
   */
  cacheDir: z.string().min(1).optional(),
  /**
   * Use a native TypeScript 7 `tsc` for plain diagnostics when one is installed (`auto`), or never (`off`).
   * @default 'auto'
   */
  nativeCompiler: z.enum(['auto', 'off']).optional(),
  /**
   * How long the test command may run, in milliseconds.
   * @default 600000
   */
  testTimeoutMs: z.int().positive().optional(),
  /**
   * Memory limit for the test command, in megabytes.
   * @default 2048
   */
  testMemoryMb: z.int().positive().optional(),
  /**
   * A PostgreSQL server (connection URL) the `sql` check applies migrations on, in a throwaway
   * database it creates and drops; without it, migrations run on embedded PGlite.
   * @default undefined (embedded PGlite)
   */
  databaseUrl: z.string().min(1).optional(),
  /**
   * Benchmark budgets the `performance` check measures on every run, by name: each command is timed
   * against its baseline in the sandbox (a plan component can carry its own `benchmark`).
   * @default {}
   */
  benchmarks: z.record(z.string().min(1), benchmarkBudgetSchema).optional(),
  /**
   * Property-based fuzzing of exported functions by the `edge-cases` check: `typed` generates values
   * of the declared parameter types (null and undefined only where the type allows them), `hostile`
   * passes null and undefined to every parameter too, `off` fuzzes nothing. Unset, fuzzing runs
   * (`typed`) only for a plan component (`--plan … --component …`, the engine's gate); `--fuzz` overrides.
   * @default undefined (`typed` for a plan component, else `off`)
   */
  fuzz: z.enum(['typed', 'hostile', 'off']).optional(),
  /**
   * Generated inputs per fuzzed function.
   * @default 100
   */
  fuzzRuns: z.int().positive().optional(),
  /**
   * Time limit of the whole fuzzing run (every function), in milliseconds.
   * @default 60000
   */
  fuzzTimeoutMs: z.int().positive().optional(),
  /**
   * Run the project's code (tests, fuzzing, benchmarks) even where the file-system sandbox
   * (bubblewrap) is not available, without its protection; every report then says so.
   * @default false
   */
  allowUnsandboxed: z.boolean().optional(),
  /** The `security` check's sources and extra rules. */
  security: z
    .strictObject({
      /**
       * Treat `process.env` values as outside data that must not reach a shell, SQL, eval or a deserialiser.
       * @default false
       */
      envSources: z.boolean().optional(),
      /**
       * Treat the parameters of exported functions as outside data (a library has no request handlers):
       * reported where a parameter is spliced into SQL, a command, a path, HTML or a pattern, or reaches
       * eval or a deserialiser.
       * @default true
       */
      libraryMode: z.boolean().optional(),
      /**
       * Also run the ESLint security rules (eslint-plugin-security, eslint-plugin-sonarjs) that add to the check's own.
       * @default true
       */
      eslint: z.boolean().optional(),
    })
    .optional(),
});

/** Verify settings with every default filled in; `cacheDir` is absolute. */
export interface VerifySettings {
  failOn: (typeof verifyFailOnLevels)[number];
  checks: (typeof verifyCheckIds)[number][];
  registryLookup: boolean;
  cacheDir: string;
  nativeCompiler: 'auto' | 'off';
  testTimeoutMs: number;
  testMemoryMb: number;
  databaseUrl: string | undefined;
  benchmarks: BenchmarkBudget[];
  /** Undefined: `typed` for a plan component, `off` otherwise. */
  fuzz: 'typed' | 'hostile' | 'off' | undefined;
  fuzzRuns: number;
  fuzzTimeoutMs: number;
  allowUnsandboxed: boolean;
  security: { envSources: boolean; libraryMode: boolean; eslint: boolean };
}

/** Fills in the defaults of the `verify` key; `cacheDir` resolves against the project root. */
export function resolveVerifySettings(
  config: { verify?: z.infer<typeof verifySettingsSchema> | undefined },
  root: string,
  dataDir: string,
): VerifySettings {
  const verify = config.verify ?? {};
  return {
    failOn: verify.failOn ?? 'error',
    checks: verify.checks ?? [...verifyCheckIds],
    registryLookup: verify.registryLookup ?? false,
    cacheDir: verify.cacheDir ? resolve(root, verify.cacheDir) : join(dataDir, 'verify'),
    nativeCompiler: verify.nativeCompiler ?? 'auto',
    testTimeoutMs: verify.testTimeoutMs ?? 600_000,
    testMemoryMb: verify.testMemoryMb ?? 2048,
    databaseUrl: verify.databaseUrl,
    benchmarks: Object.entries(verify.benchmarks ?? {}).map(([name, budget]) =>
      resolveBenchmarkBudget(name, budget),
    ),
    fuzz: verify.fuzz,
    fuzzRuns: verify.fuzzRuns ?? 100,
    fuzzTimeoutMs: verify.fuzzTimeoutMs ?? 60_000,
    allowUnsandboxed: verify.allowUnsandboxed ?? false,
    security: {
      envSources: verify.security?.envSources ?? false,
      libraryMode: verify.security?.libraryMode ?? true,
      eslint: verify.security?.eslint ?? true,
    },
  };
}
