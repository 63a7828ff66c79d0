import type { GenerateRequest, GenerateResult, Provider } from '../providers/index.js';

/** A provider answering from a list, in memory, for unit tests that need no HTTP at all. */
export interface ScriptedProvider extends Provider {
  /** Every request received, in order. */
  readonly requests: GenerateRequest[];
}

/** Answers each call with the next text, or with `answer(request)` when given a function. */
export function createScriptedProvider(
  answers: readonly string[] | ((request: GenerateRequest) => string),
  options: { id?: string } = {},
): ScriptedProvider {
  const queue = typeof answers === 'function' ? [] : [...answers];
  const requests: GenerateRequest[] = [];
  const id = options.id ?? 'replay:scripted';
  return {
    id,
    kind: 'replay',
    model: 'scripted',
    requests,
    async generate(request): Promise<GenerateResult> {
      requests.push(request);
      const text = typeof answers === 'function' ? answers(request) : queue.shift();
      if (text === undefined)
        throw new Error(`The scripted provider has no answer left for call ${requests.length}.`);
      request.onTextDelta?.(text);
      return {
        text,
        finishReason: 'stop',
        usage: {
          inputTokens: Math.ceil(JSON.stringify(request.messages).length / 4),
          outputTokens: Math.ceil(text.length / 4),
        },
        provider: id,
        model: 'scripted',
      };
    },
  };
}
