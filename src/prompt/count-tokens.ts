import { countTokens as countO200kTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** The tokenizer prompts are measured with: OpenAI's o200k_base BPE, a close stand-in for other vendors' models. */
export const tokenEncoding = 'o200k_base';

/** Exact o200k_base token count of a text. */
export function countTokens(text: string): number {
  return countO200kTokens(text);
}
