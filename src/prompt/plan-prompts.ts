import { BatonError } from '../core/errors.js';
import { closestMatch } from '../core/index.js';
import type { Plan, PlanComponent, RepositoryFiles } from '../plan/index.js';
import { gatherComponentContext } from './component-context.js';
import { type RenderedPrompt, renderPrompt } from './render-prompt.js';
import { readRepositoryFacts } from './repository-facts.js';

/** Finds a component by id, or throws PLAN_COMPONENT_NOT_FOUND with the closest id. */
export function findComponent(plan: Plan, id: string): PlanComponent {
  const component = plan.components.find((candidate) => candidate.id === id);
  if (component) return component;
  const ids = plan.components.map((candidate) => candidate.id);
  const suggestion = closestMatch(id, ids);
  throw new BatonError({
    code: 'PLAN_COMPONENT_NOT_FOUND',
    message: `No component "${id}" in ${plan.file}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    hint: `Components: ${ids.join(', ')}.`,
    details: { componentId: id, ids },
  });
}

/** Renders the prompt of one component of a valid plan within a token budget. */
export function renderComponentPrompt(
  plan: Plan,
  files: RepositoryFiles,
  componentId: string,
  budget: number,
): RenderedPrompt {
  const component = findComponent(plan, componentId);
  const facts = readRepositoryFacts(plan.root);
  return renderPrompt(plan, component, gatherComponentContext(plan, component, files, facts), budget);
}
