import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatonError } from '../core/errors.js';
import type { GenerateRequest, Provider, ProviderKind } from './provider.js';
import { generateObject } from './structured-output.js';

/** One provider under test, with a way to decide what it answers next. */
export interface ProviderHarness {
  provider: Provider;
  /** Makes the next call answer with this text. */
  answerNext(text: string): void;
  /** What the provider last sent to its model (request body, prompt file…), when it can be observed. */
  lastSent?(): string;
  cleanup?(): Promise<void>;
}

const request: GenerateRequest = {
  system: 'You write TypeScript.',
  messages: [
    { role: 'user', content: 'Write add(a, b).' },
    { role: 'assistant', content: 'Which types?' },
    { role: 'user', content: 'Numbers, please.' },
  ],
};

/**
 * The behaviour every provider shares, run against each implementation so that the engine can
 * swap one for another without noticing.
 */
export function describeProviderContract(
  name: string,
  kind: ProviderKind,
  setup: () => Promise<ProviderHarness>,
): void {
  describe(`Provider contract: ${name}`, () => {
    let harness: ProviderHarness;
    beforeEach(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      await harness.cleanup?.();
    });

    it('names itself with a registry id of its kind', () => {
      expect(harness.provider.kind).toBe(kind);
      expect(harness.provider.id === 'manual' || harness.provider.id.startsWith(`${kind}:`)).toBe(true);
      expect(harness.provider.model.length).toBeGreaterThan(0);
    });

    it('answers a conversation with text, a finish reason and token usage', async () => {
      harness.answerNext('export const add = (a: number, b: number) => a + b;');
      const result = await harness.provider.generate(request);
      expect(result.text).toBe('export const add = (a: number, b: number) => a + b;');
      expect(result.finishReason).toBe('stop');
      expect(result.provider).toBe(harness.provider.id);
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      const sent = harness.lastSent?.();
      if (sent !== undefined) {
        expect(sent).toContain('You write TypeScript.');
        expect(sent).toContain('Which types?');
        expect(sent).toContain('Numbers, please.');
      }
    });

    it('streams: the deltas add up to the text', async () => {
      harness.answerNext('streamed text in several pieces');
      const deltas: string[] = [];
      const result = await harness.provider.generate({
        ...request,
        onTextDelta: (delta) => deltas.push(delta),
      });
      expect(deltas.join('')).toBe('streamed text in several pieces');
      expect(result.text).toBe('streamed text in several pieces');
    });

    it('returns structured output validated by a zod schema', async () => {
      const schema = z.object({ name: z.string(), parameters: z.array(z.string()) });
      harness.answerNext('{"name":"add","parameters":["a","b"]}');
      const outcome = await generateObject(harness.provider, request, schema);
      expect(outcome.success && outcome.value).toEqual({ name: 'add', parameters: ['a', 'b'] });
    });

    it('reports an answer that does not fit the schema as issues, not a crash', async () => {
      const schema = z.object({ name: z.string(), parameters: z.array(z.string()) });
      harness.answerNext('{"name":42}');
      const outcome = await generateObject(harness.provider, request, schema);
      expect(outcome.success).toBe(false);
      if (!outcome.success) expect(outcome.issues.map((issue) => issue.path)).toContain('name');
    });

    it('stops at once when the caller has already cancelled', async () => {
      harness.answerNext('never used');
      const controller = new AbortController();
      controller.abort();
      const error = await harness.provider
        .generate({ ...request, signal: controller.signal })
        .catch((caught) => caught);
      expect(BatonError.isInstance(error) && error.code).toBe('PROVIDER_CANCELLED');
    });
  });
}
