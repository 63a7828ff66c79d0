/** The kinds of provider a registry id can name: `openai:gpt-5`, `replay:demo`… */
export const providerKinds = ['openai', 'anthropic', 'ollama', 'compatible', 'manual', 'replay'] as const;
export type ProviderKind = (typeof providerKinds)[number];

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Where a call belongs in a run; the ledger links its rows through these ids. */
export interface ProviderCallContext {
  runId?: string;
  componentId?: string;
  attemptId?: string;
}

/** A JSON Schema the answer must follow; `generateObject` derives it from a zod schema. */
export interface StructuredOutput {
  schema: Record<string, unknown>;
  name?: string;
}

export interface GenerateRequest {
  system?: string;
  /** The conversation so far; a one-shot prompt is a single user message. */
  messages: readonly ChatMessage[];
  output?: StructuredOutput;
  temperature?: number;
  maxOutputTokens?: number;
  seed?: number;
  /** Receives the answer as it arrives; when given, the provider streams. */
  onTextDelta?: (delta: string) => void;
  signal?: AbortSignal;
  context?: ProviderCallContext;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface GenerateResult {
  text: string;
  /** 'stop', 'length', 'content-filter', 'tool-calls', 'error', 'other' or 'unknown'. */
  finishReason: string;
  usage: TokenUsage;
  /** The registry id of the provider that answered, such as `openai:gpt-5`. */
  provider: string;
  model: string;
}

/**
 * One interface over every model source: hosted APIs, local servers, a person at a chat window and
 * recorded answers. Implementations throw BatonError with a `PROVIDER_*` code; `isRetryable` says
 * whether the same call may succeed later.
 */
export interface Provider {
  readonly id: string;
  readonly kind: ProviderKind;
  readonly model: string;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

/** The text of the last user message, which is what a person recognises a call by. */
export function lastUserText(request: Pick<GenerateRequest, 'messages'>): string {
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role === 'user') return message.content;
  }
  return '';
}

/** A rough token count (four characters a token) for budgets before the provider reports usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The request rendered as one text, as the ledger's `prompts` table stores it. */
export function renderPromptText(request: Pick<GenerateRequest, 'system' | 'messages' | 'output'>): string {
  const parts: string[] = [];
  if (request.system) parts.push(`[system]\n${request.system}`);
  for (const message of request.messages) parts.push(`[${message.role}]\n${message.content}`);
  if (request.output) parts.push(`[output schema]\n${JSON.stringify(request.output.schema)}`);
  return parts.join('\n\n');
}
