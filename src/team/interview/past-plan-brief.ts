import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { normalizePlan, parsePlanText } from '../../plan/index.js';
import type { FeatureBrief } from './feature-briefs.js';
import { findRequirement, type HiddenRequirementId, hiddenRequirements } from './hidden-requirements.js';
import { seededStream } from './seeded-stream.js';

/** The first paragraph of a description: what was asked, before the plan's own answers to it. */
function firstParagraph(text: string): string {
  return (
    text
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? ''
  );
}

/**
 * A brief from one of the team's own plans in a repository: the feature as it was asked, with the
 * requirements the team's plan made explicit as the ones the candidate should find.
 */
export function pastPlanBrief(repository: string, seed: number): FeatureBrief & { source: 'past-plan' } {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '*.yaml', '*.yml', '*.md'], {
      cwd: repository,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
  } catch {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `${repository} is not a git repository, so its plans cannot be listed.`,
      hint: 'Give --from the folder of a repository whose plans are committed.',
    });
  }
  const candidates: (FeatureBrief & { source: 'past-plan' })[] = [];
  for (const file of listed.sort()) {
    const parsed = parsePlanText(readFileSync(join(repository, file), 'utf8'), file);
    if (!parsed.success || parsed.value.input.components.length < 2) continue;
    const plan = normalizePlan(parsed.value.input, {
      file,
      root: repository,
      body: parsed.value.body,
      positionOf: parsed.value.positionOf,
    });
    const texts = plan.components.map((component) => ({ where: component.id, text: component.text }));
    const hidden = (Object.keys(hiddenRequirements) as HiddenRequirementId[]).filter((id) =>
      findRequirement(hiddenRequirements[id], texts),
    );
    const brief = firstParagraph(plan.feature.description) || plan.feature.name;
    if (hidden.length === 0) continue;
    candidates.push({ id: `plan:${file}`, title: plan.feature.name, brief, hidden, source: 'past-plan' });
  }
  if (candidates.length === 0) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `No plan in ${repository} can serve as a brief: none has two components and a stated requirement to find.`,
      hint: 'Leave out --from to use the built-in briefs, or name a repository with committed Baton plans.',
    });
  }
  return seededStream(seed, 'past-plan').pick(candidates);
}
