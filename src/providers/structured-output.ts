import { z } from 'zod';
import { BatonError } from '../core/errors.js';
import type { GenerateRequest, GenerateResult, Provider } from './provider.js';

export type ObjectResult<Value> =
  | { success: true; value: Value; result: GenerateResult }
  | { success: false; issues: { path: string; message: string }[]; result: GenerateResult };

/** The JSON inside an answer: the whole text, or the first fenced ```json block when the model wrapped it. */
export function extractJson(text: string): string {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text);
  return (fenced?.[1] ?? text).trim();
}

/**
 * Asks a provider for an answer that follows a zod schema and validates it at the boundary. Every
 * provider gets the JSON Schema (hosted ones through the API's structured-output mode, the manual
 * provider in the prompt); the answer is parsed here, once, for all of them.
 */
export async function generateObject<Schema extends z.ZodType>(
  provider: Provider,
  request: Omit<GenerateRequest, 'output'> & { schemaName?: string },
  schema: Schema,
): Promise<ObjectResult<z.infer<Schema>>> {
  // Through JSON and back: plain data only, so it hashes the same in a cassette and serialises as sent.
  const jsonSchema = JSON.parse(
    JSON.stringify(z.toJSONSchema(schema, { target: 'draft-7', io: 'output' })),
  ) as Record<string, unknown>;
  const { schemaName, ...rest } = request;
  const result = await provider.generate({ ...rest, output: { schema: jsonSchema, name: schemaName } });
  let data: unknown;
  try {
    data = JSON.parse(extractJson(result.text));
  } catch (cause) {
    return {
      success: false,
      issues: [
        {
          path: '(root)',
          message: `the answer is not JSON: ${String(cause instanceof Error ? cause.message : cause)}`,
        },
      ],
      result,
    };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { success: true, value: parsed.data, result };
  return {
    success: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(root)',
      message: issue.message,
    })),
    result,
  };
}

/** As generateObject, but throws PROVIDER_OUTPUT_INVALID naming the first problem. */
export async function generateObjectOrThrow<Schema extends z.ZodType>(
  provider: Provider,
  request: Omit<GenerateRequest, 'output'> & { schemaName?: string },
  schema: Schema,
): Promise<z.infer<Schema>> {
  const outcome = await generateObject(provider, request, schema);
  if (outcome.success) return outcome.value;
  const first = outcome.issues[0];
  throw new BatonError({
    code: 'PROVIDER_OUTPUT_INVALID',
    message: `${provider.id} answered with JSON that does not fit the schema: ${first?.path}: ${first?.message}`,
    hint: 'Retry, or use a model with structured-output support; the raw answer is in the ledger.',
    details: { provider: provider.id, issues: outcome.issues },
  });
}
