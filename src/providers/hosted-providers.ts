import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createAiSdkProvider } from './ai-sdk-provider.js';
import { loadApiKey } from './api-key.js';
import type { Provider } from './provider.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface HostedProviderSettings {
  model: string;
  apiKey?: string;
  baseURL?: string;
  env?: Env;
  /** A fetch implementation, for proxies and tests. */
  fetch?: typeof globalThis.fetch;
}

/**
 * OpenAI through the Chat Completions API, which every OpenAI-compatible proxy and test server
 * speaks too, so one fake server exercises the same code path a real key drives.
 */
export function createOpenAIProvider(settings: HostedProviderSettings): Provider {
  const apiKey = loadApiKey({
    configured: settings.apiKey,
    environmentVariable: 'OPENAI_API_KEY',
    env: settings.env ?? process.env,
    configKey: 'providers.openai.apiKey',
    providerName: 'OpenAI',
  });
  const openai = createOpenAI({ apiKey, baseURL: settings.baseURL, fetch: settings.fetch });
  return createAiSdkProvider({
    id: `openai:${settings.model}`,
    kind: 'openai',
    modelName: settings.model,
    model: openai.chat(settings.model),
  });
}

export function createAnthropicProvider(settings: HostedProviderSettings): Provider {
  const apiKey = loadApiKey({
    configured: settings.apiKey,
    environmentVariable: 'ANTHROPIC_API_KEY',
    env: settings.env ?? process.env,
    configKey: 'providers.anthropic.apiKey',
    providerName: 'Anthropic',
  });
  const anthropic = createAnthropic({ apiKey, baseURL: settings.baseURL, fetch: settings.fetch });
  return createAiSdkProvider({
    id: `anthropic:${settings.model}`,
    kind: 'anthropic',
    modelName: settings.model,
    model: anthropic(settings.model),
  });
}

export interface CompatibleProviderSettings {
  /** The server's name in config (`providers.compatible.<name>`), part of the id. */
  name: string;
  model: string;
  baseURL: string;
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
}

/** Any server speaking the OpenAI chat-completions API: vLLM, llama.cpp, LM Studio, a gateway. */
export function createCompatibleProvider(settings: CompatibleProviderSettings): Provider {
  const compatible = createOpenAICompatible({
    name: settings.name,
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    includeUsage: true,
    supportsStructuredOutputs: true,
    fetch: settings.fetch,
  });
  return createAiSdkProvider({
    id: `compatible:${settings.name}/${settings.model}`,
    kind: 'compatible',
    modelName: settings.model,
    model: compatible.chatModel(settings.model),
  });
}

/** Where Ollama listens: config, then OLLAMA_HOST, then its default port on this machine. */
export function ollamaBaseURL(configured: string | undefined, env: Env): string {
  if (configured) return configured;
  const host = env.OLLAMA_HOST;
  if (host) {
    const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
    return `${withScheme.replace(/\/+$/, '')}/v1`;
  }
  return 'http://127.0.0.1:11434/v1';
}

/** Ollama through its OpenAI-compatible endpoint; it needs no key. */
export function createOllamaProvider(settings: Omit<HostedProviderSettings, 'apiKey'>): Provider {
  const compatible = createOpenAICompatible({
    name: 'ollama',
    baseURL: ollamaBaseURL(settings.baseURL, settings.env ?? process.env),
    includeUsage: true,
    supportsStructuredOutputs: true,
    fetch: settings.fetch,
  });
  return createAiSdkProvider({
    id: `ollama:${settings.model}`,
    kind: 'ollama',
    modelName: settings.model,
    model: compatible.chatModel(settings.model),
  });
}
