import { describe, expect, it } from 'vitest';
import { costOf, findPrice, isFreeProvider, suggestedPriceKey } from './prices.js';

const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
const price = (dollars: number) => ({ inputPerMillionTokens: dollars, outputPerMillionTokens: 0 });

describe('prices', () => {
  it('prices a compatible server call by the name people give the server', () => {
    const prices = { 'compatible:vllm': price(2) };
    expect(costOf(prices, 'compatible:vllm/Qwen/Qwen2.5-Coder', 'Qwen/Qwen2.5-Coder', usage)).toBe(2);
    expect(findPrice(prices, 'compatible:vllm/llama', 'llama')?.key).toBe('compatible:vllm');
    // Another server with the same kind is not priced by it.
    expect(costOf(prices, 'compatible:lmstudio/llama', 'llama', usage)).toBeUndefined();
  });

  it('lets an exact id win over the server name, the model and the kind', () => {
    const prices = {
      'compatible:*': price(1),
      llama: price(3),
      'compatible:vllm': price(2),
      'compatible:vllm/llama': price(5),
    };
    expect(costOf(prices, 'compatible:vllm/llama', 'llama', usage)).toBe(5);
    expect(costOf(prices, 'compatible:vllm/other', 'other', usage)).toBe(2);
    expect(costOf(prices, 'compatible:tgi/llama', 'llama', usage)).toBe(3);
    expect(costOf(prices, 'compatible:tgi/other', 'other', usage)).toBe(1);
    expect(costOf({ 'openai:*': price(4) }, 'openai:gpt-5', 'gpt-5', usage)).toBe(4);
  });

  it('names the key a person would add, and treats replayed answers as free', () => {
    expect(suggestedPriceKey('compatible:vllm/llama')).toBe('compatible:vllm');
    expect(suggestedPriceKey('openai:gpt-5')).toBe('openai:gpt-5');
    expect(suggestedPriceKey('manual')).toBe('manual');
    expect(isFreeProvider('replay:demo')).toBe(true);
    expect(isFreeProvider('compatible:replay')).toBe(false);
  });
});
