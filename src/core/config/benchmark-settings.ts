import { z } from 'zod';

/** A benchmark budget: a command timed against a baseline command in the same run, in the sandbox. */
export const benchmarkBudgetSchema = z.strictObject({
  /**
   * The command that exercises the code under test, run with `sh -c` in the project root. When it
   * prints a line `baton-benchmark-ms: <number>`, that number is its time; otherwise its wall time.
   */
  command: z.string().min(1),
  /**
   * The same workload on the reference the code must keep up with (the code before the change, or a
   * plain implementation), timed the same way.
   */
  baseline: z.string().min(1),
  /**
   * How many times the baseline's median time the command's median may take: `1.2` allows 20 % slower.
   */
  budgetRatio: z.number().positive(),
  /**
   * Timed rounds of each command, alternated after one untimed warm-up of each.
   * @default 5
   */
  runs: z.int().min(1).max(50).optional(),
  /**
   * Time limit of one run of either command, in milliseconds.
   * @default 60000
   */
  timeoutMs: z.int().positive().optional(),
});

export type BenchmarkBudgetInput = z.infer<typeof benchmarkBudgetSchema>;

/** A budget with its defaults filled in and the name findings use (a component id, or the config's). */
export interface BenchmarkBudget {
  name: string;
  command: string;
  baseline: string;
  budgetRatio: number;
  runs: number;
  timeoutMs: number;
}

export function resolveBenchmarkBudget(name: string, input: BenchmarkBudgetInput): BenchmarkBudget {
  return {
    name,
    command: input.command,
    baseline: input.baseline,
    budgetRatio: input.budgetRatio,
    runs: input.runs ?? 5,
    timeoutMs: input.timeoutMs ?? 60_000,
  };
}
