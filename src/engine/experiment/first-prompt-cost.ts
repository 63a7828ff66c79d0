import { BatonError } from '../../core/errors.js';
import type { Plan, RepositoryFiles } from '../../plan/index.js';
import { countTokens } from '../../prompt/count-tokens.js';
import { gatherComponentContext, readRepositoryFacts, renderPrompt } from '../../prompt/index.js';
import type { Provider } from '../../providers/index.js';
import { costOf, isFreeProvider, type PriceTable } from '../../providers/index.js';
import { answerFormatInstructions } from '../repair-prompt.js';
import type { RunBudget } from '../run-budget.js';
import type { ExperimentVariant } from './parse-variants.js';

/**
 * Refuses, before any call, a budget smaller than the first prompt of the cheapest variant: no
 * sample can finish on it. The first prompt's input tokens are a floor, not an estimate, of what a
 * sample costs (the answer and any repair come on top).
 */
export async function requireBudgetForOneSample(options: {
  plan: Plan;
  files: RepositoryFiles;
  variants: readonly ExperimentVariant[];
  providers: readonly Provider[];
  prices: PriceTable;
  budget: RunBudget;
  tokenBudget: number;
}): Promise<void> {
  const { budget } = options;
  if (budget.usd === undefined && budget.tokens === undefined) return;
  const facts = readRepositoryFacts(options.plan.root);
  const floors = options.variants.map((variant, index) => {
    const component = variant.applied.component;
    const rendered = renderPrompt(
      options.plan,
      component,
      gatherComponentContext(options.plan, component, options.files, facts),
      options.tokenBudget,
    );
    const tokens = rendered.tokens + countTokens(answerFormatInstructions);
    const provider = options.providers[index];
    const usd =
      provider && !isFreeProvider(provider.id)
        ? (costOf(options.prices, provider.id, provider.model, { inputTokens: tokens, outputTokens: 0 }) ?? 0)
        : 0;
    return { variant: variant.id, tokens, usd };
  });
  const cheapestTokens = Math.min(...floors.map((floor) => floor.tokens));
  const cheapestUsd = Math.min(...floors.map((floor) => floor.usd));
  if (budget.tokens !== undefined && budget.tokens < cheapestTokens) {
    throw new BatonError({
      code: 'EXPERIMENT_BUDGET_TOO_SMALL',
      message: `A budget of ${budget.tokens} tokens cannot pay for one sample: the first prompt alone is ${cheapestTokens} tokens for the cheapest variant, before its answer.`,
      hint: `Raise --budget-tokens well above ${cheapestTokens} × the samples you want (answers and repairs add to it).`,
      details: { floors },
    });
  }
  if (budget.usd !== undefined && budget.usd < cheapestUsd) {
    throw new BatonError({
      code: 'EXPERIMENT_BUDGET_TOO_SMALL',
      message: `A budget of $${budget.usd} cannot pay for one sample: the first prompt alone costs $${cheapestUsd.toFixed(6)} for the cheapest variant, before its answer.`,
      hint: `Raise --budget-usd well above $${cheapestUsd.toFixed(4)} × the samples you want (answers and repairs add to it).`,
      details: { floors },
    });
  }
}
