import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError, describeCause } from '../errors.js';
import { detectPerson, detectProject, findGitRoot } from './detect.js';
import { type ConfigIssue, type ConfigSource, configInvalidError, describeConfigIssues } from './issues.js';
import { resolveMetricsSettings } from './metrics-settings.js';
import { resolvePlanningSettings } from './planning-settings.js';
import { resolveRunSettings } from './run-settings.js';
import { type LedgerLocation, type ResolvedConfig, type UserConfig, userConfigSchema } from './schema.js';
import { resolveTeamSettings } from './team-settings.js';
import { resolveTrainingSettings } from './training-settings.js';
import { resolveVerifySettings } from './verify-settings.js';

/** Config file names, in the order they are looked for. */
export const configFileNames = [
  'baton.config.ts',
  'baton.config.mjs',
  'baton.config.js',
  'baton.config.json',
] as const;

/** The `BATON_*` variables and the key each sets. */
export const configEnvironmentVariables: Readonly<Partial<Record<keyof UserConfig, string>>> = {
  ledger: 'BATON_LEDGER_URL',
  dataDir: 'BATON_DATA_DIR',
  packageManager: 'BATON_PACKAGE_MANAGER',
  testCommand: 'BATON_TEST_COMMAND',
  tsconfig: 'BATON_TSCONFIG',
  person: 'BATON_PERSON',
};

const knownKeys = Object.keys(userConfigSchema.shape);

export interface LoadConfigOptions {
  /** Where to start looking for the project; @default process.cwd() */
  cwd?: string;
  /** An explicit config file (`--config`); it must exist. */
  configFile?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags: the highest layer. */
  flags?: UserConfig;
}

type LayerResult = { success: true; value: UserConfig } | { success: false; issues: ConfigIssue[] };

function validateLayer(input: unknown, source: ConfigSource): LayerResult {
  const result = userConfigSchema.safeParse(input);
  if (result.success) return { success: true, value: result.data };
  return { success: false, issues: describeConfigIssues(result.error.issues, source, input, knownKeys) };
}

/** The directory holding a config file, searching upwards from `cwd` but not past the git root. */
function findConfigFile(cwd: string, stop: string | undefined): string | undefined {
  let directory = resolve(cwd);
  for (;;) {
    const present = configFileNames.map((name) => join(directory, name)).filter((path) => existsSync(path));
    if (present.length > 1) {
      throw new BatonError({
        code: 'CONFIG_INVALID',
        message: `Found ${present.length} config files in ${directory}: ${present.map((path) => path.slice(directory.length + 1)).join(', ')}.`,
        hint: 'Keep one of them; Baton will not guess which one you meant.',
      });
    }
    if (present[0]) return present[0];
    const parent = dirname(directory);
    if (directory === stop || parent === directory) return undefined;
    directory = parent;
  }
}

// Lets a user's config file import from 'baton-workbench' or 'baton-workbench/config' (or the
// older 'baton', 'baton/config') without installing Baton locally.
const sourceExtension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const configEntry = fileURLToPath(new URL(`../../config.${sourceExtension}`, import.meta.url));
const indexEntry = fileURLToPath(new URL(`../../index.${sourceExtension}`, import.meta.url));
const packageEntries = {
  'baton-workbench/config': configEntry,
  'baton-workbench': indexEntry,
  'baton/config': configEntry,
  baton: indexEntry,
};

async function readConfigFile(path: string): Promise<LayerResult> {
  const source: ConfigSource = { kind: 'file', path };
  if (extname(path) === '.json') {
    const { parseSourceDocument } = await import('../source-position.js');
    const parsed = parseSourceDocument(readFileSync(path, 'utf8'));
    if (!parsed.success) {
      return {
        success: false,
        issues: parsed.issues.map((issue) => ({
          where: `${path}:${issue.position.line}:${issue.position.column}`,
          key: '(syntax)',
          message: issue.message,
        })),
      };
    }
    return validateLayer(parsed.value.value ?? {}, { ...source, document: parsed.value });
  }
  let exported: unknown;
  try {
    // Loaded only for TypeScript and JavaScript configs: it is the slowest part of starting up.
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url, {
      alias: packageEntries,
      moduleCache: false,
      fsCache: false,
    });
    exported = await jiti.import(path, { default: true });
  } catch (cause) {
    // A parse error names its place itself; a throw at load time is placed by its stack frame in the file.
    const described = describeCause(cause);
    const frame = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`).exec(
      `${described}\n${cause instanceof Error ? (cause.stack ?? '') : ''}`,
    );
    const where = frame ? `${path}:${frame[1]}:${frame[2]}` : path;
    throw new BatonError({
      code: 'CONFIG_LOAD_FAILED',
      message: `Could not load ${where}: ${described.split('\n')[0]?.trim()}`,
      hint: 'The file must be valid TypeScript or JavaScript whose default export is defineConfig({ … }).',
      cause,
      details: { file: path },
    });
  }
  if (typeof exported === 'function') exported = await (exported as () => unknown)();
  if (exported === undefined || exported === null || typeof exported !== 'object') {
    return {
      success: false,
      issues: [
        {
          where: path,
          key: '(default export)',
          message: `expected an object from defineConfig({ … }), got ${typeof exported}`,
        },
      ],
    };
  }
  const result = validateLayer(exported, source);
  if (result.success) return result;
  // Positions cost TypeScript's parser, so they are read only when there is an error to place.
  const { scriptConfigDocument } = await import('./script-config-positions.js');
  const document = await scriptConfigDocument(readFileSync(path, 'utf8'), path, exported);
  return validateLayer(exported, { ...source, document });
}

function readEnvironmentLayer(env: Readonly<Record<string, string | undefined>>): LayerResult {
  const input: Record<string, string> = {};
  for (const [key, variable] of Object.entries(configEnvironmentVariables)) {
    const value = env[variable];
    if (value !== undefined && value !== '') input[key] = value;
  }
  return validateLayer(input, { kind: 'env', variables: configEnvironmentVariables });
}

function withoutUndefined(config: UserConfig): UserConfig {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

/** Reads `ledger` as a SQLite path or a PostgreSQL URL. */
export function parseLedgerLocation(ledger: string, root: string): LedgerLocation {
  if (/^postgres(ql)?:\/\//i.test(ledger)) {
    try {
      new URL(ledger);
    } catch (cause) {
      throw new BatonError({
        code: 'LEDGER_URL_INVALID',
        message: `The ledger URL is not a valid URL: ${ledger.replace(/:[^:@/]*@/, ':***@')}`,
        hint: 'Write it as postgres://user:password@host:5432/database.',
        cause,
      });
    }
    return { kind: 'postgres', url: ledger };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ledger)) {
    throw new BatonError({
      code: 'LEDGER_URL_INVALID',
      message: `Unsupported ledger URL scheme in "${ledger.split('://')[0]}://…".`,
      hint: 'Use a SQLite file path (the default is .baton/ledger.db) or a postgres:// URL.',
    });
  }
  const path = ledger.startsWith('file:') ? ledger.slice('file:'.length) : ledger;
  return { kind: 'sqlite', path: isAbsolute(path) ? path : join(root, path) };
}

/**
 * Loads the configuration in layers — defaults < config file < `BATON_*` variables < flags — validating
 * each layer on its own so that an error names the file and line, the variable or the flag at fault.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const gitRoot = findGitRoot(cwd);
  let configFile: string | undefined;
  if (options.configFile) {
    configFile = resolve(cwd, options.configFile);
    if (!existsSync(configFile)) {
      throw new BatonError({
        code: 'CONFIG_NOT_FOUND',
        message: `Config file not found: ${configFile}`,
        hint: 'Check the --config path, or run `baton init` to create baton.config.ts.',
      });
    }
  } else {
    configFile = findConfigFile(cwd, gitRoot);
  }
  const root = configFile ? dirname(configFile) : (gitRoot ?? cwd);

  const layers = [
    configFile ? await readConfigFile(configFile) : ({ success: true, value: {} } as const),
    readEnvironmentLayer(options.env ?? process.env),
    validateLayer(withoutUndefined(options.flags ?? {}), { kind: 'flags' }),
  ];
  const issues = layers.flatMap((layer) => (layer.success ? [] : layer.issues));
  if (issues.length > 0) throw configInvalidError(issues);
  const merged: UserConfig = Object.assign(
    {},
    ...layers.map((layer) => (layer.success ? withoutUndefined(layer.value) : {})),
  );

  const facts = detectProject(root);
  const dataDir = resolve(root, merged.dataDir ?? '.baton');
  return {
    root,
    configFile,
    dataDir,
    ledger: parseLedgerLocation(merged.ledger ?? join(dataDir, 'ledger.db'), root),
    packageManager: merged.packageManager ?? facts.packageManager,
    testCommand: merged.testCommand ?? facts.testCommand,
    tsconfig: merged.tsconfig ?? facts.tsconfig,
    person: merged.person ?? detectPerson(root),
    ...resolvePlanningSettings(merged),
    verify: resolveVerifySettings(merged, root, dataDir),
    run: resolveRunSettings(merged),
    metrics: resolveMetricsSettings(merged),
    team: resolveTeamSettings(merged),
    training: resolveTrainingSettings(merged),
    providers: merged.providers ?? {},
  };
}
