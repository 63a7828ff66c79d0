import { join } from 'node:path';
import type { ResolvedConfig } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { createLedgerRecorder, createProviderLog } from './ledger-recorder.js';
import type { ManualProviderSettings } from './manual-provider.js';
import type { ProviderObserver } from './provider-observer.js';
import type { CreateProviderLimiter } from './rate-limiter.js';
import { createRedactor, type Redactor, readEnvFile } from './redact.js';
import { createProviderRegistry, type ProviderRegistry } from './registry.js';

/** The `.env` files whose values are read for keys and always redacted. */
export const envFileNames = ['.env', '.env.local'] as const;

/**
 * The redactor of a project without its provider settings: secret-named variables of the
 * environment and the secrets of its `.env` files.
 */
export function createProjectRedactor(
  root: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  secrets: readonly (string | undefined)[] = [],
): Redactor {
  return createRedactor({ secrets, env, envFiles: envFileNames.map((name) => join(root, name)) });
}

export interface ProvidersFromConfigOptions {
  /** Where per-call prompts, responses and costs are recorded. */
  ledger?: Pick<LedgerStore, 'transaction'>;
  /** Receives one redacted line per retry and per failed call. */
  log?: (line: string) => void;
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  manual?: Omit<ManualProviderSettings, 'directory'>;
  observers?: readonly ProviderObserver[];
  /** Where rate limits are kept. @default in this process */
  createLimiter?: CreateProviderLimiter;
}

export interface ProvidersFromConfig {
  registry: ProviderRegistry;
  redactor: Redactor;
}

/**
 * Wires providers the way the CLI and the engine use them: keys from config, the environment and
 * `.env` files; a redactor that knows every one of those values; the ledger recorder and the log.
 */
export function createProvidersFromConfig(
  config: Pick<ResolvedConfig, 'root' | 'dataDir' | 'providers'>,
  options: ProvidersFromConfigOptions = {},
): ProvidersFromConfig {
  const envFiles = envFileNames.map((name) => join(config.root, name));
  const fileEnv = Object.assign({}, ...envFiles.map((path) => readEnvFile(path)));
  const env = { ...fileEnv, ...(options.env ?? process.env) };
  const settings = config.providers;
  const redactor = createRedactor({
    secrets: [
      settings.openai?.apiKey,
      settings.anthropic?.apiKey,
      settings.ollama?.apiKey,
      ...Object.values(settings.compatible ?? {}).map((entry) => entry.apiKey),
    ],
    env,
    envFiles,
  });
  const observers: ProviderObserver[] = [...(options.observers ?? [])];
  if (options.ledger) {
    observers.push(createLedgerRecorder({ ledger: options.ledger, redactor, prices: settings.prices }));
  }
  if (options.log) observers.push(createProviderLog(options.log, redactor));
  const registry = createProviderRegistry({
    settings,
    root: config.root,
    dataDir: config.dataDir,
    env,
    observers,
    redactor,
    manual: options.manual,
    ...(options.createLimiter ? { createLimiter: options.createLimiter } : {}),
  });
  return { registry, redactor };
}
