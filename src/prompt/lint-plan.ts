import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../plan/index.js';
import { lintPrompt, type PromptLintResult } from './lint-prompt.js';
import { readRepositoryFacts } from './repository-facts.js';

/** Lints the prompt elements of every component of a plan, in plan order. */
export function lintPlanPrompts(plan: Plan): PromptLintResult[] {
  const facts = readRepositoryFacts(plan.root);
  const cache = new Map<string, string | undefined>();
  const readFile = (path: string) => {
    if (!cache.has(path)) {
      const absolute = join(plan.root, path);
      cache.set(
        path,
        existsSync(absolute) && statSync(absolute).isFile() ? readFileSync(absolute, 'utf8') : undefined,
      );
    }
    return cache.get(path);
  };
  return plan.components.map((component) => lintPrompt({ plan, component, facts, readFile }));
}
