import { z } from 'zod';

export const runSettingsSchema = z.strictObject({
  /**
   * Components `baton run` works on at once (`--concurrency`).
   * @default 2
   */
  concurrency: z.int().min(1).max(64).optional(),
  /**
   * Attempts per component, the first answer and its repairs, before it is escalated (`--max-attempts`).
   * @default 3
   */
  maxAttempts: z.int().min(1).max(20).optional(),
  /**
   * US dollars after which a run starts no new provider call (`--budget-usd`); the provider needs a
   * price in `providers.prices`, or the run is refused before its first call.
   * @default none
   */
  budgetUsd: z.number().positive().optional(),
  /**
   * Tokens, in and out, after which a run starts no new provider call (`--budget-tokens`); needs no price.
   * @default none
   */
  budgetTokens: z.int().positive().optional(),
  /**
   * A BullMQ queue (`redis://…` or `postgres://…`) to hand components to, worked by `baton worker`
   * processes on any machine (`--queue`); needs a PostgreSQL ledger.
   * @default none: components run in this process
   */
  queue: z.string().min(1).optional(),
  /**
   * The git remote (a name or a URL) that workers fetch the run's commits from and push attempt branches to.
   * @default "origin"
   */
  remote: z.string().min(1).optional(),
});

/** `run` settings with defaults filled in. */
export interface RunSettings {
  concurrency: number;
  maxAttempts: number;
  budgetUsd: number | undefined;
  budgetTokens: number | undefined;
  queue: string | undefined;
  remote: string;
}

export function resolveRunSettings(config: {
  run?: z.infer<typeof runSettingsSchema> | undefined;
}): RunSettings {
  return {
    concurrency: config.run?.concurrency ?? 2,
    maxAttempts: config.run?.maxAttempts ?? 3,
    budgetUsd: config.run?.budgetUsd,
    budgetTokens: config.run?.budgetTokens,
    queue: config.run?.queue,
    remote: config.run?.remote ?? 'origin',
  };
}
