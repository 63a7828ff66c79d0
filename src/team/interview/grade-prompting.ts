import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePlanningSettings } from '../../core/index.js';
import type { PlanComponent } from '../../plan/index.js';
import { checkPlan } from '../../plan/index.js';
import { lintPrompt, readRepositoryFacts } from '../../prompt/index.js';
import { type CriterionGrade, clampScore } from './grade-result.js';
import type { PromptingExercise } from './prompting-exercise.js';

function promptText(component: PlanComponent): string {
  const { context, constraints, examples, qualityBar } = component.prompt;
  return [
    context ?? '',
    ...(constraints ?? []),
    ...(qualityBar ?? []),
    ...(examples ?? []).flatMap((example) => [
      example.description ?? '',
      example.code ?? '',
      example.file ?? '',
    ]),
    ...component.edgeCases.flatMap((edgeCase) => [edgeCase.case, edgeCase.expect]),
  ].join('\n');
}

/**
 * Scores a prompt: half from Baton's prompt lint (the five elements), half from the repository's
 * facts the prompt states; each fact it contradicts costs 15.
 */
export async function gradePrompting(planPath: string, exercise: PromptingExercise): Promise<CriterionGrade> {
  if (!existsSync(planPath))
    return { criterion: 'prompting', score: 0, evidence: ['no prompt was handed in'] };
  const { plan: planSettings, triage } = resolvePlanningSettings({});
  const check = await checkPlan({ file: planPath, cwd: process.cwd(), plan: planSettings, triage });
  const component = check.plan?.components.find((candidate) => candidate.id === exercise.component.id);
  if (!check.plan || !component) {
    const errors = check.issues.filter((issue) => issue.severity === 'error');
    return {
      criterion: 'prompting',
      score: 0,
      evidence: [
        `the plan cannot be read or lost component "${exercise.component.id}": ${errors
          .slice(0, 3)
          .map((issue) => `line ${issue.line}: ${issue.message}`)
          .join('; ')}`,
      ],
    };
  }
  const plan = check.plan;
  const lint = lintPrompt({
    plan,
    component,
    facts: readRepositoryFacts(plan.root),
    readFile: (path) => {
      const file = join(plan.root, path);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
  });
  const evidence = [
    `+${Math.round(lint.overall / 2)} prompt lint ${lint.overall}/100 (${Object.entries(lint.scores)
      .map(([element, score]) => `${element} ${score}`)
      .join(', ')})`,
  ];
  for (const finding of lint.findings.slice(0, 8))
    evidence.push(`lint: ${finding.element}: ${finding.message}`);
  const text = promptText(component);
  const showsPattern = (component.prompt.examples ?? []).some(
    (example) => example.file === exercise.patternFile,
  );
  const respected = exercise.facts.filter((fact) => fact.respected.test(text));
  const contradicted = exercise.facts.filter((fact) => fact.contradicted.test(text));
  const total = exercise.facts.length + 1;
  const factPoints = (50 * (respected.length + (showsPattern ? 1 : 0))) / total;
  for (const fact of exercise.facts) {
    evidence.push(`${respected.includes(fact) ? 'states' : 'does not state'}: ${fact.statement}`);
  }
  evidence.push(`${showsPattern ? 'shows' : 'does not show'} the pattern to follow: ${exercise.patternFile}`);
  for (const fact of contradicted) evidence.push(`-15 contradicts the repository: ${fact.statement}`);
  evidence.push(
    `+${Math.round(factPoints)} ${respected.length + (showsPattern ? 1 : 0)} of ${total} repository facts respected`,
  );
  return {
    criterion: 'prompting',
    score: clampScore(lint.overall / 2 + factPoints - 15 * contradicted.length),
    evidence,
  };
}
