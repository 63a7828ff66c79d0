import type { ProvidersSettings } from '../core/config/providers-settings.js';
import type { TokenUsage } from './provider.js';

export type PriceTable = NonNullable<ProvidersSettings['prices']>;

/**
 * The cost of a call in US dollars, looking the price up by provider id (`openai:gpt-5`), then by
 * model (`gpt-5`), then by kind (`openai:*`); undefined when the table has no price for it.
 */
export function costOf(
  prices: PriceTable,
  provider: string,
  model: string,
  usage: TokenUsage,
): number | undefined {
  const kind = provider.split(':')[0] ?? provider;
  const price = prices[provider] ?? prices[model] ?? prices[`${kind}:*`];
  if (!price) return undefined;
  return (
    (usage.inputTokens * price.inputPerMillionTokens + usage.outputTokens * price.outputPerMillionTokens) /
    1e6
  );
}
