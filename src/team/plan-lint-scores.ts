import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { normalizePlan, parsePlanText } from '../plan/index.js';
import { lintPlanPrompts } from '../prompt/index.js';

/**
 * The prompt-lint score (0–100) of each component of a plan file as it stands now, keyed by
 * component id; undefined when the file is gone or no longer a valid plan. Lint scores are not
 * recorded in the ledger, so the plan the run came from is linted again.
 */
export function planLintScores(root: string, planPath: string): Map<string, number> | undefined {
  const file = join(root, planPath);
  if (!existsSync(file)) return undefined;
  const parsed = parsePlanText(readFileSync(file, 'utf8'), planPath);
  if (!parsed.success) return undefined;
  const plan = normalizePlan(parsed.value.input, {
    file: planPath,
    root: resolve(dirname(file), parsed.value.input.root ?? '.'),
    body: parsed.value.body,
    positionOf: parsed.value.positionOf,
  });
  return new Map(lintPlanPrompts(plan).map((result) => [result.componentId, result.overall]));
}
