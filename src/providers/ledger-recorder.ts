import { createHash } from 'node:crypto';
import type { Clock } from '../core/index.js';
import { createId, systemClock } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { costOf, isFreeProvider, type PriceTable } from './prices.js';
import { renderPromptText } from './provider.js';
import type { ProviderObserver } from './provider-observer.js';
import type { Redactor } from './redact.js';

export interface LedgerRecorderOptions {
  ledger: Pick<LedgerStore, 'transaction'>;
  redactor: Redactor;
  prices?: PriceTable;
  clock?: Clock;
}

/**
 * Writes one `prompts`, one `responses` and one `costs` row per finished call, in one transaction,
 * after redaction. Replayed answers cost nothing; calls with no price get an unknown (null) cost.
 */
export function createLedgerRecorder(options: LedgerRecorderOptions): ProviderObserver {
  const clock = options.clock ?? systemClock;
  return {
    async onCallEnd(event) {
      const { request, result } = event;
      const context = request.context ?? {};
      const promptText = options.redactor.redact(renderPromptText(request));
      const promptId = createId('prm');
      const responseId = createId('rsp');
      const createdAt = clock.now().toISOString();
      const usd = isFreeProvider(event.provider)
        ? 0
        : (costOf(options.prices ?? {}, result.provider, result.model, result.usage) ?? null);
      await options.ledger.transaction(async (writer) => {
        await writer.insert('prompts', [
          {
            id: promptId,
            componentId: context.componentId ?? null,
            attemptId: context.attemptId ?? null,
            text: promptText,
            hash: createHash('sha256').update(promptText).digest('hex'),
            tokens: result.usage.inputTokens,
            createdAt: event.startedAt,
          },
        ]);
        await writer.insert('responses', [
          {
            id: responseId,
            promptId,
            attemptId: context.attemptId ?? null,
            provider: event.provider,
            model: result.model,
            text: options.redactor.redact(result.text),
            finishReason: result.finishReason,
            durationMs: event.durationMs,
            createdAt,
          },
        ]);
        await writer.insert('costs', [
          {
            id: createId('cst'),
            runId: context.runId ?? null,
            attemptId: context.attemptId ?? null,
            responseId,
            provider: event.provider,
            model: result.model,
            inputTokens: result.usage.inputTokens,
            outputTokens: result.usage.outputTokens,
            usd,
            createdAt,
          },
        ]);
      });
    },
  };
}

/** Writes one redacted line per retry and per failed call, so a slow run explains itself. */
export function createProviderLog(write: (line: string) => void, redactor: Redactor): ProviderObserver {
  return {
    onCallRetry(event) {
      write(
        redactor.redact(
          `${event.provider}: try ${event.attempt} failed (${event.error.code}: ${event.error.message}); retrying in ${event.delayMs} ms\n`,
        ),
      );
    },
    onCallError(event) {
      write(
        redactor.redact(
          `${event.provider}: gave up after ${event.attempts} ${event.attempts === 1 ? 'try' : 'tries'} (${event.error.code}: ${event.error.message})\n`,
        ),
      );
    },
  };
}
