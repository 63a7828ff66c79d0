import { resolve } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { closestMatch } from '../../core/suggest.js';
import type { Plan, PlanComponent } from '../../plan/plan.js';
import type { VerifiedComponent } from '../check.js';

/** What the edge-cases check needs of a plan component: its edge cases and where each is written. */
export function toVerifiedComponent(
  plan: Plan,
  component: PlanComponent,
  planFile: string,
): VerifiedComponent {
  return {
    id: component.id,
    planFile: resolve(planFile),
    planRoot: plan.root,
    edgeCases: component.edgeCases.map((edgeCase, index) => {
      const position = plan.positionOf(['components', component.index, 'edgeCases', index]);
      return { ...edgeCase, line: position.line, column: position.column };
    }),
  };
}

/** The component `baton verify --component <id>` names, or PLAN_COMPONENT_NOT_FOUND with the closest id. */
export function componentToVerify(plan: Plan, id: string): PlanComponent {
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
