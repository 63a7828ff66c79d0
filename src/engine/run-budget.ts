import { BatonError } from '../core/errors.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { findPrice, isFreeProvider, type PriceTable, suggestedPriceKey } from '../providers/prices.js';
import type { Provider } from '../providers/provider.js';
import { loadRun, runOptionsOf, runSpend, type Spend } from './run-ledger.js';

/** What a run may spend before no new provider call starts; either limit, or both. */
export interface RunBudget {
  usd?: number | undefined;
  tokens?: number | undefined;
}

export const hasBudget = (budget: RunBudget) => budget.usd !== undefined || budget.tokens !== undefined;

/**
 * Refuses a dollar budget the run could never reach: a provider with no price records an unknown
 * cost, so its calls would never add up to the limit.
 */
export function requirePricedProvider(provider: Provider, prices: PriceTable, budget: RunBudget): void {
  if (budget.usd === undefined || isFreeProvider(provider.id)) return;
  if (findPrice(prices, provider.id, provider.model)) return;
  const key = suggestedPriceKey(provider.id);
  throw new BatonError({
    code: 'RUN_BUDGET_UNPRICED',
    message: `A budget of $${budget.usd} cannot hold with ${provider.id}: the price table has no price for it, so every call's cost would be unknown and the budget would never be reached.`,
    hint: `Add providers.prices['${key}'] = { inputPerMillionTokens, outputPerMillionTokens } to baton.config.ts, or limit tokens instead with --budget-tokens (run.budgetTokens), which needs no price.`,
  });
}

function describeSpend(spent: Spend, budget: RunBudget): string {
  const parts: string[] = [];
  if (budget.usd !== undefined) parts.push(`$${spent.usd.toFixed(4)} of its $${budget.usd} budget`);
  if (budget.tokens !== undefined)
    parts.push(`${spent.tokens.toLocaleString('en')} of its ${budget.tokens.toLocaleString('en')} tokens`);
  return parts.join(' and ');
}

/** Whether recorded spend has reached either limit. */
export function budgetReached(spent: Spend, budget: RunBudget): boolean {
  return (
    (budget.usd !== undefined && spent.usd >= budget.usd) ||
    (budget.tokens !== undefined && spent.tokens >= budget.tokens)
  );
}

function budgetFlags(budget: RunBudget): string {
  return [
    ...(budget.usd !== undefined ? ['--budget-usd <higher>'] : []),
    ...(budget.tokens !== undefined ? ['--budget-tokens <higher>'] : []),
  ].join(' ');
}

function exhausted(runId: string, spent: Spend, budget: RunBudget): BatonError {
  return new BatonError({
    code: 'RUN_BUDGET_EXHAUSTED',
    message: `The run has spent ${describeSpend(spent, budget)}; no new provider call starts.`,
    hint: `Components not finished stay pending; continue with \`baton run --resume ${runId} ${budgetFlags(budget)}\`.`,
  });
}

/** The budget a run holds now: the one it was started or last resumed with. */
export async function storedRunBudget(ledger: LedgerStore, runId: string): Promise<RunBudget> {
  const run = await loadRun(ledger, runId);
  if (!run) return {};
  return { usd: run.budgetUsd ?? undefined, tokens: runOptionsOf(run).budgetTokens };
}

/**
 * The `RUN_BUDGET_EXHAUSTED` error when the run's spend, summed from the shared ledger, has reached
 * its budget: every worker reads the same total, so the budget holds for the run, not per worker.
 */
export async function spentBudget(ledger: LedgerStore, runId: string): Promise<BatonError | undefined> {
  const budget = await storedRunBudget(ledger, runId);
  if (!hasBudget(budget)) return undefined;
  const spent = await runSpend(ledger, runId);
  return budgetReached(spent, budget) ? exhausted(runId, spent, budget) : undefined;
}

export interface BudgetGuard {
  /** Throws `RUN_BUDGET_EXHAUSTED` once recorded spend reached a limit: no new call starts. */
  beforeCall: () => void;
  /** Adds a finished call's recorded spend, so a call in flight when the limit is reached still counts. */
  afterCall: (call: Spend) => void;
}

/**
 * Keeps a run's spend as a running total: summed from the ledger once (a resume continues from what
 * earlier sessions spent), then one recorded call at a time.
 */
export async function createBudgetGuard(options: {
  ledger: LedgerStore;
  runId: string;
  budget: RunBudget;
  onExhausted: (error: BatonError) => void;
}): Promise<BudgetGuard> {
  const { ledger, runId, budget } = options;
  const spent: Spend = hasBudget(budget)
    ? await runSpend(ledger, runId)
    : { usd: 0, tokens: 0, unpricedCalls: 0 };
  return {
    beforeCall() {
      if (!budgetReached(spent, budget)) return;
      const error = exhausted(runId, spent, budget);
      options.onExhausted(error);
      throw error;
    },
    afterCall(call) {
      spent.usd += call.usd;
      spent.tokens += call.tokens;
      spent.unpricedCalls += call.unpricedCalls;
    },
  };
}
