import {
  generateText,
  jsonSchema,
  type LanguageModel,
  type ModelMessage,
  type OutputInterface,
  streamText,
} from 'ai';
import { BatonError } from '../core/errors.js';
import type {
  GenerateRequest,
  GenerateResult,
  Provider,
  ProviderKind,
  StructuredOutput,
} from './provider.js';
import { toProviderError } from './provider-errors.js';

export interface AiSdkProviderSettings {
  id: string;
  kind: ProviderKind;
  modelName: string;
  model: LanguageModel;
  /** Vendor options passed through to the SDK, such as Anthropic's structured-output mode. */
  providerOptions?: Record<string, Record<string, string | number | boolean>>;
}

/**
 * Asks the SDK for JSON that follows the schema but hands the text back unparsed, so that parsing
 * and validation happen in one place (`generateObject`) for every provider, replayed ones included.
 */
function jsonTextOutput(output: StructuredOutput): OutputInterface<string, string, never> {
  return {
    name: 'object',
    responseFormat: Promise.resolve({
      type: 'json',
      schema: jsonSchema(output.schema).jsonSchema,
      ...(output.name ? { name: output.name } : {}),
    }),
    parseCompleteOutput: async ({ text }) => text,
    parsePartialOutput: async ({ text }) => ({ partial: text }),
    createElementStreamTransform: () => undefined,
  } as OutputInterface<string, string, never>;
}

function toMessages(request: GenerateRequest): ModelMessage[] {
  return request.messages.map(
    (message) => ({ role: message.role, content: message.content }) as ModelMessage,
  );
}

/** A provider over any AI SDK language model; the SDK's own retries are off, ours count and log. */
export function createAiSdkProvider(settings: AiSdkProviderSettings): Provider {
  const { id, kind, modelName, model } = settings;
  const callSettings = (request: GenerateRequest) => ({
    model,
    system: request.system,
    messages: toMessages(request),
    temperature: request.temperature,
    maxOutputTokens: request.maxOutputTokens,
    seed: request.seed,
    maxRetries: 0,
    abortSignal: request.signal,
    providerOptions: settings.providerOptions,
    ...(request.output ? { output: jsonTextOutput(request.output) } : {}),
  });

  async function generateOnce(request: GenerateRequest): Promise<GenerateResult> {
    const result = await generateText(callSettings(request));
    return {
      text: result.text,
      finishReason: result.finishReason,
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      provider: id,
      model: modelName,
    };
  }

  async function streamOnce(
    request: GenerateRequest,
    onTextDelta: (delta: string) => void,
  ): Promise<GenerateResult> {
    const result = streamText({ ...callSettings(request), onError: () => {} });
    let text = '';
    let finish: { reason: string; inputTokens: number; outputTokens: number } | undefined;
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') {
        text += part.text;
        onTextDelta(part.text);
      } else if (part.type === 'error') {
        throw toProviderError(part.error, id, 'stream');
      } else if (part.type === 'abort') {
        throw request.signal?.reason ?? new Error('aborted');
      } else if (part.type === 'finish') {
        finish = {
          reason: part.finishReason,
          inputTokens: part.totalUsage.inputTokens ?? 0,
          outputTokens: part.totalUsage.outputTokens ?? 0,
        };
      }
    }
    // A stream that ends without a finish reason from the server was cut, whatever the SDK concluded.
    if (!finish || finish.reason === 'unknown' || finish.reason === 'other' || finish.reason === 'error') {
      throw new BatonError({
        code: 'PROVIDER_STREAM_TRUNCATED',
        message: `The stream from ${id} ended after ${text.length} characters without a finish reason.`,
        hint: 'Usually a network or proxy fault; Baton retried. Rerun if it persists.',
        isRetryable: true,
        details: { provider: id, receivedCharacters: text.length },
      });
    }
    return {
      text,
      finishReason: finish.reason,
      usage: { inputTokens: finish.inputTokens, outputTokens: finish.outputTokens },
      provider: id,
      model: modelName,
    };
  }

  return {
    id,
    kind,
    model: modelName,
    async generate(request) {
      try {
        return request.onTextDelta
          ? await streamOnce(request, request.onTextDelta)
          : await generateOnce(request);
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason ?? error;
        throw toProviderError(error, id, request.onTextDelta ? 'stream' : 'request');
      }
    },
  };
}
