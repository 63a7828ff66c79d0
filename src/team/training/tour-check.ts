import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PlanFileRecords } from '../../ledger/index.js';
import { policyReviewer } from '../../ledger/index.js';
import { brokenDependency } from './guided-tour.js';

export const tourSteps = ['init', 'plan-check', 'prompt', 'run', 'review'] as const;
export type TourStep = (typeof tourSteps)[number];

export interface TourStepResult {
  step: TourStep;
  done: boolean;
  evidence: string;
}

export interface TourInputs {
  /** The tour's repository folder. */
  repository: string;
  /** The component the tour's plan asks for. */
  componentId: string;
  /** Whether the repository's ledger exists (a SQLite file, or a reachable PostgreSQL ledger). */
  ledgerFound: boolean;
  /** The ledger's records of the runs of the tour's plan. */
  records: PlanFileRecords;
  /** Whether a ledger name (a reviewer, a person on an interval) is the trainee. */
  isTrainee(identity: string): boolean;
}

interface PlanComponentShape {
  id?: unknown;
  dependsOn?: unknown;
  edgeCases?: unknown;
}

function tourComponent(repository: string, componentId: string): PlanComponentShape | undefined {
  const file = join(repository, 'plan.yaml');
  if (!existsSync(file)) return undefined;
  try {
    const plan = parse(readFileSync(file, 'utf8')) as { components?: PlanComponentShape[] } | null;
    return plan?.components?.find((component) => component.id === componentId);
  } catch {
    return undefined;
  }
}

function edgeCaseTexts(component: PlanComponentShape | undefined): string[] {
  if (!Array.isArray(component?.edgeCases)) return [];
  return component.edgeCases
    .flatMap((edgeCase: unknown) =>
      edgeCase && typeof edgeCase === 'object' && typeof (edgeCase as { case?: unknown }).case === 'string'
        ? [(edgeCase as { case: string }).case.trim()]
        : [],
    )
    .filter((text) => text.length > 0);
}

/**
 * Which of the tour's steps the trainee did, each read from what it leaves behind: the config and
 * ledger `init` makes, the run's records in the ledger, and the review under the trainee's name.
 */
export function checkTour(inputs: TourInputs): TourStepResult[] {
  const { repository, records, componentId } = inputs;
  const hasConfig =
    existsSync(repository) && readdirSync(repository).some((name) => /^baton\.config\./.test(name));
  const component = tourComponent(repository, componentId);
  const componentRows = records.components.filter((row) => row.key === componentId);
  const componentIds = new Set(componentRows.map((row) => row.id));
  const attempts = records.attempts.filter((attempt) => componentIds.has(attempt.componentId));
  const attemptIds = new Set(attempts.map((attempt) => attempt.id));
  const responses = records.responses.filter(
    (response) => response.attemptId !== null && attemptIds.has(response.attemptId),
  );
  const prompts = records.prompts.filter(
    (prompt) => prompt.componentId !== null && componentIds.has(prompt.componentId),
  );
  const edgeCases = edgeCaseTexts(component);
  const promptWithEdgeCase = edgeCases.find((text) => prompts.some((prompt) => prompt.text.includes(text)));
  const dependencies = Array.isArray(component?.dependsOn) ? (component.dependsOn as unknown[]) : [];
  const reviews = records.reviews.filter(
    (review) =>
      componentIds.has(review.componentId) &&
      review.decision !== 'annotate' &&
      review.reviewer !== policyReviewer &&
      inputs.isTrainee(review.reviewer),
  );
  const othersReviews = records.reviews.filter(
    (review) =>
      componentIds.has(review.componentId) && review.decision !== 'annotate' && !reviews.includes(review),
  );
  return [
    {
      step: 'init',
      done: hasConfig && inputs.ledgerFound,
      evidence: hasConfig
        ? inputs.ledgerFound
          ? 'baton.config and the ledger are there'
          : 'baton.config is there, but no ledger: run `baton init` in the repository'
        : 'no baton.config in the repository: run `baton init` there',
    },
    {
      step: 'plan-check',
      done: records.plans.length > 0 && !dependencies.includes(brokenDependency),
      evidence:
        records.plans.length > 0 && !dependencies.includes(brokenDependency)
          ? `the dangling dependency "${brokenDependency}" is gone and the ledger holds the run's valid plan`
          : dependencies.includes(brokenDependency)
            ? `plan.yaml still depends on "${brokenDependency}", which no component is: \`baton plan check plan.yaml\` names it`
            : 'no run of plan.yaml is recorded, so no valid plan was ever used',
    },
    {
      step: 'prompt',
      done: promptWithEdgeCase !== undefined,
      evidence:
        promptWithEdgeCase !== undefined
          ? `the recorded prompt carries the edge case "${promptWithEdgeCase}"`
          : edgeCases.length === 0
            ? 'the component has no edge case: `baton prompt lint plan.yaml` names what is missing'
            : prompts.length === 0
              ? 'no prompt for the component is recorded: run the plan after adding the edge case'
              : 'the recorded prompts predate the edge cases in plan.yaml: run the plan again',
    },
    {
      step: 'run',
      done: attempts.length > 0 && responses.length > 0,
      evidence:
        attempts.length > 0 && responses.length > 0
          ? `${records.runs.length} run(s), ${attempts.length} attempt(s) answered by ${[...new Set(responses.map((response) => response.provider))].join(', ')}`
          : attempts.length > 0
            ? 'an attempt started but no answer was recorded: paste the answer when the manual provider asks'
            : `no attempt on "${componentId}" is recorded: \`baton run plan.yaml --provider manual\``,
    },
    {
      step: 'review',
      done: reviews.length > 0,
      evidence:
        reviews.length > 0
          ? `${reviews.at(-1)?.decision} by ${reviews.at(-1)?.reviewer}`
          : othersReviews.length > 0
            ? `reviewed only by ${[...new Set(othersReviews.map((review) => review.reviewer))].join(', ')}, not by the trainee: set \`person\` in baton.config to your name`
            : 'no review decision is recorded: `baton review`',
    },
  ];
}
