import { resolve } from 'node:path';
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
    files: component.files,
    edgeCases: component.edgeCases.map((edgeCase, index) => {
      const position = plan.positionOf(['components', component.index, 'edgeCases', index]);
      return { ...edgeCase, line: position.line, column: position.column };
    }),
  };
}
