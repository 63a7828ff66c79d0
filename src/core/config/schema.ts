import { z } from 'zod';
import { type MetricsSettings, metricsSettingsSchema } from './metrics-settings.js';
import { type PackageManager, packageManagers } from './package-managers.js';
import {
  type PlanSettings,
  type PromptSettings,
  planSettingsSchema,
  promptSettingsSchema,
  type TriageSettings,
  triageSettingsSchema,
} from './planning-settings.js';
import { type ProvidersSettings, providersSettingsSchema } from './providers-settings.js';
import { type RunSettings, runSettingsSchema } from './run-settings.js';
import { type TeamSettings, teamSettingsSchema } from './team-settings.js';
import { type TrainingSettings, trainingSettingsSchema } from './training-settings.js';
import { type VerifySettings, verifySettingsSchema } from './verify-settings.js';

export { type PackageManager, packageManagers };

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
  /** `baton run`: concurrency, attempts per component and the cost budget. */
  run: runSettingsSchema.optional(),
  /** `baton report` and the dashboard: when recorded time is enough to compare with the profiles. */
  metrics: metricsSettingsSchema.optional(),
  /** The people on the team: roles, git identities, capacity, training phase; and the reviewer rules. */
  team: teamSettingsSchema.optional(),
  /** `baton train`: each training phase's exit criteria and the article's durations. */
  training: trainingSettingsSchema.optional(),
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
  run: RunSettings;
  metrics: MetricsSettings;
  team: TeamSettings;
  training: TrainingSettings;
}
