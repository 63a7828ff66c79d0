import { existsSync } from 'node:fs';
import { resolvePlanningSettings } from '../../core/index.js';
import type { PlanComponent } from '../../plan/index.js';
import { checkPlan } from '../../plan/index.js';
import { type CriterionGrade, clampScore } from './grade-result.js';
import {
  findRequirement,
  type HiddenRequirementId,
  hiddenRequirements,
  type PlanText,
} from './hidden-requirements.js';

function componentTexts(component: PlanComponent): PlanText[] {
  const where = `component ${component.id}`;
  const texts: PlanText[] = [{ where: `${where} title`, text: component.title }];
  for (const criterion of component.acceptance)
    texts.push({ where: `${where} criterion`, text: criterion.criterion });
  for (const edgeCase of component.edgeCases) {
    texts.push({ where: `${where} edge case`, text: `${edgeCase.case} ${edgeCase.expect}` });
  }
  if (component.prompt.context) texts.push({ where: `${where} context`, text: component.prompt.context });
  for (const constraint of component.prompt.constraints ?? [])
    texts.push({ where: `${where} constraint`, text: constraint });
  return texts;
}

/**
 * Scores a decomposition: a valid plan (20), the brief's unsaid requirements made explicit (40), a
 * sane dependency graph (10), verifiable criteria (15) and edge cases (15).
 */
export async function gradeDecomposition(
  planPath: string,
  hidden: readonly HiddenRequirementId[],
): Promise<CriterionGrade> {
  const evidence: string[] = [];
  if (!existsSync(planPath)) {
    return { criterion: 'decomposition', score: 0, evidence: ['no plan was handed in'] };
  }
  const { plan: planSettings, triage } = resolvePlanningSettings({});
  const check = await checkPlan({ file: planPath, cwd: process.cwd(), plan: planSettings, triage });
  // The brief comes without a repository, so a plan naming files that do not exist yet is fine.
  const errors = check.issues.filter(
    (issue) => issue.severity === 'error' && issue.code !== 'PLAN_GLOB_MATCHES_NOTHING',
  );
  let score = 0;
  if (errors.length === 0 && check.plan) {
    score += 20;
    evidence.push('+20 the plan is valid (baton plan check: no errors)');
  } else {
    evidence.push(
      `+0 the plan has ${errors.length} error(s): ${errors
        .slice(0, 5)
        .map((issue) => `line ${issue.line}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const plan = check.plan;
  if (!plan || plan.components.length === 0) {
    return { criterion: 'decomposition', score: clampScore(score), evidence };
  }
  const texts = plan.components.flatMap(componentTexts);
  let covered = 0;
  for (const id of hidden) {
    const requirement = hiddenRequirements[id];
    const found = findRequirement(requirement, texts);
    if (found) covered++;
    evidence.push(
      found
        ? `covered: ${requirement.statement} (${found.where}: "${found.text.slice(0, 80)}")`
        : `missed: ${requirement.statement}`,
    );
  }
  const requirementPoints = hidden.length === 0 ? 40 : (40 * covered) / hidden.length;
  score += requirementPoints;
  evidence.push(
    `+${Math.round(requirementPoints)} ${covered} of ${hidden.length} unsaid requirements made explicit`,
  );

  const count = plan.components.length;
  const dependencies = plan.components.reduce((sum, component) => sum + component.dependsOn.length, 0);
  const saneSize = count >= 2 && count <= 12;
  const linked = count <= 2 || dependencies > 0;
  const graphPoints = saneSize ? 5 + (linked && errors.length === 0 ? 5 : 0) : 0;
  score += graphPoints;
  evidence.push(
    `+${graphPoints} dependency graph: ${count} components, ${dependencies} dependencies${saneSize ? '' : ' (a feature like this needs 2 to 12 components)'}${linked ? '' : ' (no component depends on another)'}`,
  );

  const criteria = plan.components.flatMap((component) => component.acceptance);
  const verifiable = criteria.filter((criterion) => criterion.test || criterion.command).length;
  const criteriaPoints = criteria.length === 0 ? 0 : (15 * verifiable) / criteria.length;
  score += criteriaPoints;
  evidence.push(
    `+${Math.round(criteriaPoints)} ${verifiable} of ${criteria.length} acceptance criteria name a test or a command`,
  );

  const withEdgeCases = plan.components.filter((component) => component.edgeCases.length > 0).length;
  const edgePoints = (15 * withEdgeCases) / count;
  score += edgePoints;
  evidence.push(`+${Math.round(edgePoints)} ${withEdgeCases} of ${count} components list edge cases`);
  return { criterion: 'decomposition', score: clampScore(score), evidence };
}
