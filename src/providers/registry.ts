import { isAbsolute, join, resolve } from 'node:path';
import { BatonError } from '../core/errors.js';
import type { ProvidersSettings } from '../core/index.js';
import { closestMatch } from '../core/index.js';
import {
  createAnthropicProvider,
  createCompatibleProvider,
  createOllamaProvider,
  createOpenAIProvider,
} from './hosted-providers.js';
import { createManualProvider, type ManualProviderSettings } from './manual-provider.js';
import { type Provider, type ProviderKind, providerKinds } from './provider.js';
import type { ProviderObserver } from './provider-observer.js';
import {
  type CreateProviderLimiter,
  type ProviderLimiter,
  RateLimiter,
  type RateLimits,
} from './rate-limiter.js';
import type { Redactor } from './redact.js';
import { withReliability } from './reliable-provider.js';
import { createReplayProvider, withRecording } from './replay-provider.js';

export interface ParsedProviderId {
  kind: ProviderKind;
  /** The model (`openai:gpt-5`), the server name and optional model (`compatible:vllm/llama`), or the cassette. */
  name: string;
}

const idExamples =
  'openai:<model>, anthropic:<model>, ollama:<model>, compatible:<name>, manual, replay:<cassette>';

/** Splits a provider id such as `openai:gpt-5` into its kind and name, or explains what is wrong. */
export function parseProviderId(id: string): ParsedProviderId {
  const separator = id.indexOf(':');
  const kind = separator < 0 ? id : id.slice(0, separator);
  const name = separator < 0 ? '' : id.slice(separator + 1);
  if (!(providerKinds as readonly string[]).includes(kind)) {
    const suggestion = closestMatch(kind, providerKinds);
    throw new BatonError({
      code: 'PROVIDER_UNKNOWN',
      message: `Unknown provider "${id}".${suggestion ? ` Did you mean "${suggestion}:…"?` : ''}`,
      hint: `Provider ids look like ${idExamples}.`,
      details: { id, suggestion },
    });
  }
  if (kind !== 'manual' && name === '') {
    throw new BatonError({
      code: 'PROVIDER_UNKNOWN',
      message: `The provider id "${id}" names no ${kind === 'replay' ? 'cassette' : kind === 'compatible' ? 'server' : 'model'}.`,
      hint: `Provider ids look like ${idExamples}.`,
      details: { id },
    });
  }
  return { kind: kind as ProviderKind, name };
}

/** A cassette name (`demo`) lives in `<dataDir>/cassettes/demo.json`; a path is taken relative to the root. */
export function cassettePath(nameOrPath: string, root: string, dataDir: string): string {
  if (isAbsolute(nameOrPath)) return nameOrPath;
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.json')) return resolve(root, nameOrPath);
  return join(dataDir, 'cassettes', `${nameOrPath}.json`);
}

export interface ProviderRegistryOptions {
  settings: ProvidersSettings;
  root: string;
  dataDir: string;
  /** Where API keys and OLLAMA_HOST are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  observers?: readonly ProviderObserver[];
  /** Cleans cassettes written by --record. */
  redactor?: Redactor;
  manual?: Omit<ManualProviderSettings, 'directory'>;
  fetch?: typeof globalThis.fetch;
  /** Passed to the reliability layer; tests record waits with it. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** Where limits are kept: a queue worker shares them with every other worker. @default in this process */
  createLimiter?: CreateProviderLimiter;
}

export interface ResolveOptions {
  /** Records every answer into this cassette (a name or a path). */
  record?: string;
}

export interface ProviderRegistry {
  /** The provider for an id, wrapped with retries, limits, timeouts and observers. */
  resolve(id: string, options?: ResolveOptions): Provider;
}

/** Resolves provider ids against the config; rate limiters are shared per provider id. */
export function createProviderRegistry(options: ProviderRegistryOptions): ProviderRegistry {
  const { settings } = options;
  const env = options.env ?? process.env;
  const limiters = new Map<string, ProviderLimiter>();

  function limiterFor(id: string, limits: RateLimits | undefined): ProviderLimiter | undefined {
    if (!limits) return undefined;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = options.createLimiter?.(id, limits) ?? new RateLimiter(limits);
      limiters.set(id, limiter);
    }
    return limiter;
  }

  function createBase(parsed: ParsedProviderId): { provider: Provider; limits?: RateLimits } {
    const { kind, name } = parsed;
    switch (kind) {
      case 'openai':
        return {
          provider: createOpenAIProvider({ model: name, ...settings.openai, env, fetch: options.fetch }),
          limits: settings.openai?.limits,
        };
      case 'anthropic':
        return {
          provider: createAnthropicProvider({
            model: name,
            ...settings.anthropic,
            env,
            fetch: options.fetch,
          }),
          limits: settings.anthropic?.limits,
        };
      case 'ollama':
        return {
          provider: createOllamaProvider({
            model: name,
            baseURL: settings.ollama?.baseURL,
            env,
            fetch: options.fetch,
          }),
          limits: settings.ollama?.limits,
        };
      case 'compatible': {
        const slash = name.indexOf('/');
        const server = slash < 0 ? name : name.slice(0, slash);
        const servers = settings.compatible ?? {};
        const entry = servers[server];
        if (!entry) {
          const suggestion = closestMatch(server, Object.keys(servers));
          throw new BatonError({
            code: 'PROVIDER_UNKNOWN',
            message: `No compatible server named "${server}" in providers.compatible.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
            hint: `Add providers: { compatible: { ${server}: { baseURL: 'http://127.0.0.1:8000/v1', model: '…' } } } to baton.config.ts.`,
            details: { server, known: Object.keys(servers) },
          });
        }
        const model = slash < 0 ? entry.model : name.slice(slash + 1);
        if (!model) {
          throw new BatonError({
            code: 'PROVIDER_UNKNOWN',
            message: `The compatible server "${server}" has no model.`,
            hint: `Use compatible:${server}/<model>, or set providers.compatible.${server}.model.`,
          });
        }
        const apiKey = entry.apiKey ?? (entry.apiKeyEnv ? env[entry.apiKeyEnv] : undefined);
        return {
          provider: createCompatibleProvider({
            name: server,
            model,
            baseURL: entry.baseURL,
            apiKey,
            fetch: options.fetch,
          }),
          limits: entry.limits,
        };
      }
      case 'manual':
        return {
          provider: createManualProvider({ directory: join(options.dataDir, 'manual'), ...options.manual }),
        };
      case 'replay':
        return {
          provider: createReplayProvider({ name, path: cassettePath(name, options.root, options.dataDir) }),
        };
    }
  }

  return {
    resolve(id, resolveOptions = {}) {
      const { provider: base, limits } = createBase(parseProviderId(id));
      const recorded = resolveOptions.record
        ? withRecording(
            base,
            cassettePath(resolveOptions.record, options.root, options.dataDir),
            options.redactor,
          )
        : base;
      return withReliability(recorded, {
        retry: settings.retries,
        // A person answering by hand is not timed out; the largest delay a Node.js timer accepts.
        timeoutMs: base.kind === 'manual' ? 2 ** 31 - 1 : settings.timeoutMs,
        limiter: limiterFor(base.id, limits),
        observers: options.observers,
        sleep: options.sleep,
      });
    },
  };
}
