import { join, resolve } from 'node:path';
import { z } from 'zod';

export const packageManagers = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof packageManagers)[number];

/** The article's five reasons orchestration loses; every triage verdict names some of them. */
export const triageReasons = [
  'novel-algorithm',
  'domain-specific-logic',
  'legacy-integration',
  'performance-critical',
  'security-sensitive',
] as const;
export type TriageReason = (typeof triageReasons)[number];

export const triageVerdicts = ['orchestrate', 'orchestrate+verify', 'write-directly'] as const;
export type TriageVerdict = (typeof triageVerdicts)[number];

const planSettingsSchema = z.strictObject({
  /**
   * A component that may touch more files than this is reported as too large to prompt well.
   * @default 8
   */
  maxFilesPerComponent: z.int().positive().optional(),
  /**
   * A component with more acceptance criteria than this is reported as too large to prompt well.
   * @default 8
   */
  maxCriteriaPerComponent: z.int().positive().optional(),
});

const triageRuleSchema = z.strictObject({
  /** Which of the five reasons this rule gives. */
  reason: z.enum(triageReasons),
  /** Globs (relative to the plan root) of touched paths that fire the rule. */
  paths: z.array(z.string().min(1)).optional(),
  /** Words or phrases (case-insensitive, whole words) in the component's text that fire the rule. */
  keywords: z.array(z.string().min(1)).optional(),
  /** The verdict when the rule fires. @default the reason's verdict in `triage.verdicts` */
  verdict: z.enum(triageVerdicts).optional(),
  /** Why this signal matters, shown next to the verdict. */
  note: z.string().min(1).optional(),
});
export type TriageRule = z.infer<typeof triageRuleSchema>;

const triageSettingsSchema = z.strictObject({
  /**
   * Extra rules, checked after the built-in ones (see docs/plan-format.md "Triage").
   * @default []
   */
  rules: z.array(triageRuleSchema).optional(),
  /**
   * Drop the built-in path and keyword rules and use only `rules`.
   * @default false
   */
  replaceDefaultRules: z.boolean().optional(),
  /**
   * The verdict each reason leads to.
   * @default novel-algorithm and domain-specific-logic: write-directly; the others: orchestrate+verify
   */
  verdicts: z.partialRecord(z.enum(triageReasons), z.enum(triageVerdicts)).optional(),
  /**
   * Git history thresholds: a touched file is legacy when it is at least `minAgeDays` old (measured
   * back from the newest commit) and has at least `minCommits` commits or `minAuthors` authors.
   * @default { minAgeDays: 365, minCommits: 20, minAuthors: 4 }
   */
  legacy: z
    .strictObject({
      minAgeDays: z.number().nonnegative().optional(),
      minCommits: z.int().positive().optional(),
      minAuthors: z.int().positive().optional(),
    })
    .optional(),
});

const promptSettingsSchema = z.strictObject({
  /**
   * The most tokens a rendered component prompt may use; repository context is cut to fit.
   * @default 8000
   */
  tokenBudget: z.int().min(256).optional(),
});

/** Plan, triage and prompt settings with every default filled in. */
export interface PlanSettings {
  maxFilesPerComponent: number;
  maxCriteriaPerComponent: number;
}
export interface TriageSettings {
  rules: TriageRule[];
  replaceDefaultRules: boolean;
  verdicts: Record<TriageReason, TriageVerdict>;
  legacy: { minAgeDays: number; minCommits: number; minAuthors: number };
}
export interface PromptSettings {
  tokenBudget: number;
}

/** Fills in the defaults of the `plan`, `triage` and `prompt` keys. */
export function resolvePlanningSettings(config: Pick<UserConfig, 'plan' | 'triage' | 'prompt'>): {
  plan: PlanSettings;
  triage: TriageSettings;
  prompt: PromptSettings;
} {
  return {
    plan: {
      maxFilesPerComponent: config.plan?.maxFilesPerComponent ?? 8,
      maxCriteriaPerComponent: config.plan?.maxCriteriaPerComponent ?? 8,
    },
    triage: {
      rules: config.triage?.rules ?? [],
      replaceDefaultRules: config.triage?.replaceDefaultRules ?? false,
      verdicts: {
        'novel-algorithm': 'write-directly',
        'domain-specific-logic': 'write-directly',
        'legacy-integration': 'orchestrate+verify',
        'performance-critical': 'orchestrate+verify',
        'security-sensitive': 'orchestrate+verify',
        ...config.triage?.verdicts,
      },
      legacy: {
        minAgeDays: config.triage?.legacy?.minAgeDays ?? 365,
        minCommits: config.triage?.legacy?.minCommits ?? 20,
        minAuthors: config.triage?.legacy?.minAuthors ?? 4,
      },
    },
    prompt: { tokenBudget: config.prompt?.tokenBudget ?? 8000 },
  };
}

const rateLimitsSchema = z.strictObject({
  /** Calls to this provider in flight at once. @default unlimited */
  concurrency: z.int().positive().optional(),
  /** Requests started in any one minute. @default unlimited */
  requestsPerMinute: z.int().positive().optional(),
  /** Prompt and answer tokens in any one minute. @default unlimited */
  tokensPerMinute: z.int().positive().optional(),
});

const hostedEndpointSchema = z.strictObject({
  /** The API key; prefer the environment variable. @default the OPENAI_API_KEY / ANTHROPIC_API_KEY variable */
  apiKey: z.string().min(1).optional(),
  /** Another endpoint speaking the same API (a proxy, a gateway, a local server). @default the vendor's */
  baseURL: z.url().optional(),
  /** Limits per provider id (`openai:<model>`…). @default none */
  limits: rateLimitsSchema.optional(),
});

const compatibleEndpointSchema = z.strictObject({
  /** The server's OpenAI-compatible base URL, such as http://127.0.0.1:8000/v1 for vLLM. */
  baseURL: z.url(),
  /** The model used by `compatible:<name>`; `compatible:<name>/<model>` overrides it. @default none */
  model: z.string().min(1).optional(),
  /** An API key, if the server wants one. @default none, or the variable named by apiKeyEnv */
  apiKey: z.string().min(1).optional(),
  /** The environment variable holding the API key. @default none */
  apiKeyEnv: z.string().min(1).optional(),
  /** @default none */
  limits: rateLimitsSchema.optional(),
});

const priceSchema = z.strictObject({
  /** US dollars per million prompt tokens. */
  inputPerMillionTokens: z.number().min(0),
  /** US dollars per million answer tokens. */
  outputPerMillionTokens: z.number().min(0),
});

const providersSettingsSchema = z.strictObject({
  /** The provider id used when a command names none, such as 'openai:gpt-5' or 'replay:demo'. @default none */
  default: z.string().min(1).optional(),
  /** @default OpenAI's public API with OPENAI_API_KEY */
  openai: hostedEndpointSchema.optional(),
  /** @default Anthropic's public API with ANTHROPIC_API_KEY */
  anthropic: hostedEndpointSchema.optional(),
  /** @default baseURL from OLLAMA_HOST, else http://127.0.0.1:11434/v1 */
  ollama: hostedEndpointSchema.optional(),
  /** OpenAI-compatible servers by name (vLLM, llama.cpp, LM Studio), used as `compatible:<name>`. @default {} */
  compatible: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/), compatibleEndpointSchema).optional(),
  /**
   * Prices for the cost column of the ledger, keyed by provider id (`openai:gpt-5`), by model (`gpt-5`)
   * or by kind (`openai:*`). A call with no price is recorded with an unknown cost.
   * @default {}
   */
  prices: z.record(z.string().min(1), priceSchema).optional(),
  /** How failed calls are retried (429, 5xx, timeouts, broken responses). */
  retries: z
    .strictObject({
      /** Retries after the first try. @default 3 */
      maxRetries: z.int().min(0).max(20).optional(),
      /** The first backoff delay in ms, doubled per retry, with jitter. @default 1000 */
      initialDelayMs: z.int().min(0).optional(),
      /** The longest backoff delay in ms. @default 30000 */
      maxDelayMs: z.int().min(0).optional(),
      /** A retry-after longer than this (ms) is not waited for. @default 120000 */
      maxRetryAfterMs: z.int().min(0).optional(),
    })
    .optional(),
  /** Time allowed for one try of one call, in ms. @default 120000 */
  timeoutMs: z.int().positive().optional(),
});

/** The `providers` section of the config: endpoints, keys, limits, prices and retries. */
export type ProvidersSettings = z.infer<typeof providersSettingsSchema>;

export const verifyCheckIds = ['types', 'api', 'tests'] as const;
export const verifyFailOnLevels = ['error', 'warning', 'note', 'none'] as const;

const verifySettingsSchema = z.strictObject({
  /**
   * The lowest finding severity that makes `baton verify` exit 1; `none` never fails on findings.
   * @default 'error'
   */
  failOn: z.enum(verifyFailOnLevels).optional(),
  /**
   * The checks `baton verify` runs when `--checks` is not given.
   * @default ['types', 'api', 'tests']
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
}

/** Fills in the defaults of the `verify` key; `cacheDir` resolves against the project root. */
export function resolveVerifySettings(
  config: Pick<UserConfig, 'verify'>,
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
  };
}

/** What a user writes in `baton.config.*`, in `BATON_*` variables or as flags. Every key is optional. */
export const userConfigSchema = z.strictObject({
  /**
   * Where the ledger lives: a SQLite file path (relative to the project root) or a `postgres://` URL.
   * @default '.baton/ledger.db'
   */
  ledger: z.string().min(1).optional(),
  /**
   * Baton's working folder, relative to the project root; git-ignored.
   * @default '.baton'
   */
  dataDir: z.string().min(1).optional(),
  /**
   * The package manager that runs the project's scripts.
   * @default detected from `packageManager` in package.json, then from the lockfile, else 'npm'
   */
  packageManager: z.enum(packageManagers).optional(),
  /**
   * The command that runs the project's tests.
   * @default `<packageManager> test` when package.json has a test script, else none
   */
  testCommand: z.string().min(1).optional(),
  /**
   * The tsconfig used for type checks, relative to the project root.
   * @default 'tsconfig.json' when it exists
   */
  tsconfig: z.string().min(1).optional(),
  /**
   * Who is working, for the time-allocation records.
   * @default git's `user.name`, else the operating system user
   */
  person: z.string().min(1).optional(),
  /** Limits that keep each plan component small enough to prompt well. */
  plan: planSettingsSchema.optional(),
  /** How components are judged orchestrate, orchestrate+verify or write-directly. */
  triage: triageSettingsSchema.optional(),
  /** How component prompts are rendered. */
  prompt: promptSettingsSchema.optional(),
  /** Model providers: endpoints, keys, rate limits, prices and retries. */
  providers: providersSettingsSchema.optional(),
  /** The verification gate: checks, failure threshold, registry lookups, caches. */
  verify: verifySettingsSchema.optional(),
});

export type UserConfig = z.infer<typeof userConfigSchema>;

/** Typed helper for `baton.config.ts`; returns its argument unchanged. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

export type LedgerLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** Config after every layer is applied and every default filled in; paths are absolute. */
export interface ResolvedConfig {
  root: string;
  /** The config file that was read, if any. */
  configFile: string | undefined;
  dataDir: string;
  ledger: LedgerLocation;
  packageManager: PackageManager;
  testCommand: string | undefined;
  tsconfig: string | undefined;
  person: string;
  plan: PlanSettings;
  triage: TriageSettings;
  prompt: PromptSettings;
  /** The `providers` section as written; the provider registry fills in its defaults. */
  providers: ProvidersSettings;
  verify: VerifySettings;
}
