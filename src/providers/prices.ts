import type { ProvidersSettings } from '../core/index.js';
import type { TokenUsage } from './provider.js';

export type PriceTable = NonNullable<ProvidersSettings['prices']>;
export type Price = PriceTable[string];

/**
 * The keys a call's price is looked up by, most specific first: the provider id
 * (`openai:gpt-5`, `compatible:vllm/llama`), the id a person names a server by (`compatible:vllm`),
 * the model (`gpt-5`), then the kind (`openai:*`).
 */
export function priceKeys(provider: string, model: string): string[] {
  const kind = provider.split(':')[0] ?? provider;
  const named = namedServerOf(provider);
  return [...new Set([provider, ...(named ? [named] : []), model, `${kind}:*`])];
}

/** `compatible:vllm` for `compatible:vllm/llama`: calls are recorded with their model, people name the server. */
function namedServerOf(provider: string): string | undefined {
  const colon = provider.indexOf(':');
  const slash = provider.indexOf('/', colon + 1);
  return colon > 0 && slash > colon + 1 ? provider.slice(0, slash) : undefined;
}

/** The price that applies to a call and the key it was found under; undefined when the table has none. */
export function findPrice(
  prices: PriceTable,
  provider: string,
  model: string,
): { key: string; price: Price } | undefined {
  for (const key of priceKeys(provider, model)) {
    const price = prices[key];
    if (price) return { key, price };
  }
  return undefined;
}

/** The key a person would add to price this provider: the id they name it by in commands. */
export function suggestedPriceKey(provider: string): string {
  return namedServerOf(provider) ?? provider;
}

/** Whether a provider's calls cost nothing by nature: replayed answers were paid for when recorded. */
export function isFreeProvider(provider: string): boolean {
  return provider.startsWith('replay:');
}

/** The cost of a call in US dollars by the first price `priceKeys` finds; undefined when none applies. */
export function costOf(
  prices: PriceTable,
  provider: string,
  model: string,
  usage: TokenUsage,
): number | undefined {
  const found = findPrice(prices, provider, model);
  if (!found) return undefined;
  return (
    (usage.inputTokens * found.price.inputPerMillionTokens +
      usage.outputTokens * found.price.outputPerMillionTokens) /
    1e6
  );
}
