import { isDeepStrictEqual } from 'node:util';
import type { EdgeCase, PlanComponent, PromptElements, PromptExample } from '../../plan/index.js';
import type { VariantInput } from './variants-schema.js';

type ExampleInput = NonNullable<NonNullable<VariantInput['replace']>['examples']>[number];
type EdgeCaseInput = NonNullable<NonNullable<VariantInput['replace']>['edgeCases']>[number];

function toExample(example: ExampleInput): PromptExample {
  return typeof example === 'string'
    ? { description: example, file: undefined, code: undefined }
    : { description: example.description, file: example.file, code: example.code };
}

function toEdgeCase(edgeCase: EdgeCaseInput): EdgeCase {
  return typeof edgeCase === 'string'
    ? { case: edgeCase, expect: '', test: undefined }
    : { case: edgeCase.case, expect: edgeCase.expect ?? '', test: edgeCase.test };
}

function replaceAll(text: string | undefined, find: string, replacement: string): string | undefined {
  return text === undefined ? undefined : text.split(find).join(replacement);
}

/** Applies one wording change to every text of the prompt's elements; returns how many places changed. */
function reword(elements: PromptElements, find: string, replacement: string): number {
  let count = 0;
  const swap = (text: string | undefined) => {
    if (text?.includes(find)) count += text.split(find).length - 1;
    return replaceAll(text, find, replacement);
  };
  elements.context = swap(elements.context);
  elements.constraints = elements.constraints?.map((line) => swap(line) ?? line);
  elements.qualityBar = elements.qualityBar?.map((line) => swap(line) ?? line);
  elements.examples = elements.examples?.map((example) => ({
    description: swap(example.description),
    file: example.file,
    code: swap(example.code),
  }));
  elements.edgeCases = elements.edgeCases?.map((edgeCase) => ({
    case: swap(edgeCase.case) ?? edgeCase.case,
    expect: swap(edgeCase.expect) ?? edgeCase.expect,
    test: edgeCase.test,
  }));
  return count;
}

export interface AppliedVariant {
  /** The component with the variant's prompt; its checks, files and acceptance are the plan's. */
  component: PlanComponent;
  /** The prompt's elements differ from the plan's. */
  promptChanged: boolean;
  /** Indexes of `wording` entries whose text occurs nowhere in the prompt's elements. */
  wordingNotFound: number[];
}

/**
 * The component as one variant prompts it: elements dropped, replaced, added to, reworded, in that
 * order. Only the prompt changes: the gate judges every variant by the plan's own acceptance
 * criteria and edge cases, so a variant that drops edge cases from the prompt is still held to them.
 */
export function applyVariant(component: PlanComponent, variant: VariantInput): AppliedVariant {
  const elements: PromptElements = structuredClone(component.prompt);
  for (const name of variant.drop ?? []) elements[name] = undefined;
  const replace = variant.replace ?? {};
  if (replace.context !== undefined) elements.context = replace.context;
  if (replace.constraints) elements.constraints = [...replace.constraints];
  if (replace.qualityBar) elements.qualityBar = [...replace.qualityBar];
  if (replace.examples) elements.examples = replace.examples.map(toExample);
  if (replace.edgeCases) elements.edgeCases = replace.edgeCases.map(toEdgeCase);
  const add = variant.add ?? {};
  if (add.context !== undefined)
    elements.context = elements.context ? `${elements.context}\n\n${add.context}` : add.context;
  if (add.constraints) elements.constraints = [...(elements.constraints ?? []), ...add.constraints];
  if (add.qualityBar) elements.qualityBar = [...(elements.qualityBar ?? []), ...add.qualityBar];
  if (add.examples) elements.examples = [...(elements.examples ?? []), ...add.examples.map(toExample)];
  if (add.edgeCases) elements.edgeCases = [...(elements.edgeCases ?? []), ...add.edgeCases.map(toEdgeCase)];
  const wordingNotFound: number[] = [];
  for (const [index, change] of (variant.wording ?? []).entries()) {
    if (reword(elements, change.find, change.replace) === 0) wordingNotFound.push(index);
  }
  return {
    // An experiment starts every sample from the same base commit: dependencies are already in it.
    component: { ...component, dependsOn: [], prompt: elements },
    promptChanged: !isDeepStrictEqual(elements, component.prompt),
    wordingNotFound,
  };
}
