import { z } from 'zod';

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

export const providersSettingsSchema = z.strictObject({
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
   * Prices for the cost column of the ledger, looked up by provider id (`openai:gpt-5`,
   * `compatible:vllm/llama`), then the server's name (`compatible:vllm`), then model (`gpt-5`), then
   * kind (`openai:*`). A call with no price is recorded with an unknown cost.
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
