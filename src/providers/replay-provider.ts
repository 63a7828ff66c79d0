import { BatonError } from '../core/errors.js';
import {
  type CassetteInteraction,
  canonicalRequest,
  readCassette,
  requestKey,
  writeCassette,
} from './cassette.js';
import { type GenerateRequest, lastUserText, type Provider } from './provider.js';
import type { Redactor } from './redact.js';

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

/**
 * Serves answers recorded in a cassette, for tests, demos and reruns without a key or network. The
 * n-th identical request gets the n-th recording of it; past the last, the last one again.
 */
export function createReplayProvider(settings: { name: string; path: string }): Provider {
  const cassette = readCassette(settings.path);
  const byKey = new Map<string, CassetteInteraction[]>();
  for (const interaction of cassette.interactions) {
    const list = byKey.get(interaction.key) ?? [];
    list.push(interaction);
    byKey.set(interaction.key, list);
  }
  const served = new Map<string, number>();
  const id = `replay:${settings.name}`;
  return {
    id,
    kind: 'replay',
    model: settings.name,
    async generate(request) {
      if (request.signal?.aborted) throw request.signal.reason;
      const key = requestKey(request);
      const recordings = byKey.get(key);
      if (!recordings || recordings.length === 0) {
        const prompt = firstLine(lastUserText(request));
        throw new BatonError({
          code: 'REPLAY_MISS',
          message: `No recording in ${settings.path} for the prompt "${prompt}" (request ${key.slice(0, 12)}).`,
          hint: 'The prompt changed since it was recorded; record again with --record on a real provider.',
          details: { cassette: settings.path, key, prompt },
        });
      }
      const index = served.get(key) ?? 0;
      served.set(key, index + 1);
      const recording = recordings[Math.min(index, recordings.length - 1)] as CassetteInteraction;
      // Replaying it would apply `[redacted]` where the model wrote a value.
      if (recording.redacted) {
        throw new BatonError({
          code: 'REPLAY_REDACTED',
          message: `The answer recorded in ${settings.path} for the prompt "${firstLine(lastUserText(request))}" held a secret and was stored redacted, so it is not the code the model wrote and is not replayed.`,
          hint: 'Record again once the answer no longer writes the secret into code (the gate reports it as security/hardcoded-secret), or run on the live provider.',
          details: { cassette: settings.path, key },
        });
      }
      request.onTextDelta?.(recording.response.text);
      return {
        ...recording.response,
        usage: { ...recording.response.usage },
        provider: id,
        model: recording.model,
      };
    },
  };
}

/**
 * Wraps any provider so that each answered request is appended to a cassette (created if missing),
 * ready for `replay:`. Only answers are recorded; failed calls leave no trace in the file.
 */
export function withRecording(inner: Provider, path: string, redactor?: Redactor): Provider {
  const clean = (text: string) => (redactor ? redactor.redact(text) : text);
  return {
    id: inner.id,
    kind: inner.kind,
    model: inner.model,
    async generate(request: GenerateRequest) {
      const result = await inner.generate(request);
      const cassette = readCassette(path, { allowMissing: true });
      const key = requestKey(request);
      // The key is taken before redaction, so a replayed request finds its answer; the stored text is clean.
      const canonical = canonicalRequest(request);
      canonical.messages = canonical.messages.map((message) => ({
        ...message,
        content: clean(message.content),
      }));
      if (canonical.system !== undefined) canonical.system = clean(canonical.system);
      const text = clean(result.text);
      cassette.interactions.push({
        key,
        provider: result.provider,
        model: result.model,
        recordedAt: new Date().toISOString(),
        request: canonical,
        response: { text, finishReason: result.finishReason, usage: result.usage },
        ...(text === result.text ? {} : { redacted: true }),
      });
      writeCassette(path, cassette);
      return result;
    },
  };
}
