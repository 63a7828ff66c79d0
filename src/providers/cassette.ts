import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { BatonError, describeCause } from '../core/errors.js';
import type { GenerateRequest } from './provider.js';

const messageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

const interactionSchema = z.object({
  /** sha256 of the canonical request; what replay looks answers up by. */
  key: z.string().regex(/^[0-9a-f]{64}$/),
  /** The provider that answered when it was recorded, for people reading the file. */
  provider: z.string(),
  model: z.string(),
  recordedAt: z.string(),
  request: z.object({
    system: z.string().optional(),
    messages: z.array(messageSchema),
    output: z.object({ schema: z.record(z.string(), z.unknown()), name: z.string().optional() }).optional(),
    temperature: z.number().optional(),
    maxOutputTokens: z.number().optional(),
    seed: z.number().optional(),
  }),
  response: z.object({
    text: z.string(),
    finishReason: z.string(),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  }),
  /** The answer held a secret and is stored redacted, so it is not the code the model wrote. */
  redacted: z.boolean().optional(),
});

const cassetteSchema = z.object({
  format: z.literal('baton-cassette'),
  version: z.literal(1),
  interactions: z.array(interactionSchema),
});

export type Cassette = z.infer<typeof cassetteSchema>;
export type CassetteInteraction = z.infer<typeof interactionSchema>;
export type CanonicalRequest = CassetteInteraction['request'];

/** The parts of a request that decide the answer; signals, callbacks and ledger context are not among them. */
export function canonicalRequest(request: GenerateRequest): CanonicalRequest {
  const canonical: CanonicalRequest = {
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
  };
  if (request.system !== undefined) canonical.system = request.system;
  if (request.output !== undefined) {
    canonical.output = { schema: request.output.schema };
    if (request.output.name !== undefined) canonical.output.name = request.output.name;
  }
  if (request.temperature !== undefined) canonical.temperature = request.temperature;
  if (request.maxOutputTokens !== undefined) canonical.maxOutputTokens = request.maxOutputTokens;
  if (request.seed !== undefined) canonical.seed = request.seed;
  return canonical;
}

/** JSON with object keys sorted at every depth and no whitespace; strings are kept byte for byte. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The key a request is recorded and replayed under: sha256 of its canonical JSON. The provider and
 * model are not part of it, so answers recorded from one provider replay under any id.
 */
export function requestKey(request: GenerateRequest): string {
  return createHash('sha256')
    .update(canonicalJson(canonicalRequest(request)))
    .digest('hex');
}

export function emptyCassette(): Cassette {
  return { format: 'baton-cassette', version: 1, interactions: [] };
}

/** Reads and validates a cassette; a missing file is an empty cassette only when `allowMissing`. */
export function readCassette(path: string, options: { allowMissing?: boolean } = {}): Cassette {
  if (!existsSync(path)) {
    if (options.allowMissing) return emptyCassette();
    throw new BatonError({
      code: 'CASSETTE_INVALID',
      message: `Cassette not found: ${path}`,
      hint: 'Record one first with --record <name> on a real provider, or check the replay:<name> id.',
      details: { file: path },
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new BatonError({
      code: 'CASSETTE_INVALID',
      message: `Cassette ${path} is not valid JSON: ${describeCause(cause)}`,
      hint: 'Restore it from version control or record it again.',
      cause,
      details: { file: path },
    });
  }
  const parsed = cassetteSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BatonError({
      code: 'CASSETTE_INVALID',
      message: `Cassette ${path} is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      hint: 'A cassette is {"format":"baton-cassette","version":1,"interactions":[…]}; record it again if unsure.',
      details: { file: path, issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

/** Writes the cassette through a temporary file and a rename, so a crash never leaves half a file. */
export function writeCassette(path: string, cassette: Cassette): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(cassette, null, 2)}\n`);
  renameSync(temporary, path);
}
