import type { BenchmarkBudgetInput, SourcePath, SourcePosition, TriageReason } from '../core/index.js';
import type { ComponentKind, OwnerRole, PlanFile, PlanFileComponent } from './plan-schema.js';

export interface AcceptanceCriterion {
  criterion: string;
  test: string | undefined;
  command: string | undefined;
}

export interface EdgeCase {
  case: string;
  /** Empty when the edge case was written as one sentence. */
  expect: string;
  test: string | undefined;
}

export interface PromptExample {
  description: string | undefined;
  file: string | undefined;
  code: string | undefined;
}

/** The five prompt elements; `undefined` means the element was not written at all. */
export interface PromptElements {
  context: string | undefined;
  constraints: string[] | undefined;
  examples: PromptExample[] | undefined;
  edgeCases: EdgeCase[] | undefined;
  qualityBar: string[] | undefined;
}

export interface PlanComponent {
  id: string;
  title: string;
  kind: ComponentKind;
  dependsOn: string[];
  files: string[];
  acceptance: AcceptanceCriterion[];
  edgeCases: EdgeCase[];
  /** The component's own elements merged after the plan's `defaults`. */
  prompt: PromptElements;
  estimateHours: number | undefined;
  risks: TriageReason[];
  performance: string | undefined;
  /** A benchmark budget the performance check enforces when this component is verified. */
  benchmark: BenchmarkBudgetInput | undefined;
  ownerRole: OwnerRole | undefined;
  /** The person who owns it, by name on the team (`baton team assign` writes it). */
  owner: string | undefined;
  /** The component's own words (not the plan defaults), searched by triage keyword rules. */
  text: string;
  /** Index in the plan's `components` list, for positions. */
  index: number;
}

/** A parsed plan: its components and where every value stands in the file. */
export interface Plan {
  file: string;
  /** Absolute folder the `files` globs are relative to. */
  root: string;
  feature: { name: string; description: string };
  /** The plan-wide prompt elements, which come first in every component's merged elements. */
  defaults: { context: string | undefined; constraints: string[]; qualityBar: string[] };
  components: PlanComponent[];
  /** Line and column of the value (or key) at a path inside the plan file. */
  positionOf(path: SourcePath, of?: 'value' | 'key'): SourcePosition;
}

function ownText(component: PlanFileComponent): string {
  const parts: (string | undefined)[] = [component.title, component.prompt?.context];
  parts.push(...(component.prompt?.constraints ?? []), ...(component.prompt?.qualityBar ?? []));
  for (const example of component.prompt?.examples ?? [])
    parts.push(typeof example === 'string' ? example : example.description);
  for (const criterion of component.acceptance ?? [])
    parts.push(typeof criterion === 'string' ? criterion : criterion.criterion);
  for (const edgeCase of component.edgeCases ?? [])
    parts.push(...(typeof edgeCase === 'string' ? [edgeCase] : [edgeCase.case, edgeCase.expect]));
  return parts.filter((part): part is string => part !== undefined).join('\n');
}

function normalizeComponent(
  component: PlanFileComponent,
  index: number,
  defaults: PlanFile['defaults'],
): PlanComponent {
  const edgeCases = component.edgeCases?.map((edgeCase) =>
    typeof edgeCase === 'string'
      ? { case: edgeCase, expect: '', test: undefined }
      : { case: edgeCase.case, expect: edgeCase.expect ?? '', test: edgeCase.test },
  );
  const merge = (before: string[] | undefined, own: string[] | undefined) =>
    before === undefined && own === undefined ? undefined : [...(before ?? []), ...(own ?? [])];
  const contexts = [defaults?.context, component.prompt?.context].filter(
    (context): context is string => context !== undefined,
  );
  return {
    id: component.id,
    title: component.title,
    kind: component.kind,
    dependsOn: component.dependsOn ?? [],
    files: component.files,
    acceptance: (component.acceptance ?? []).map((criterion) =>
      typeof criterion === 'string'
        ? { criterion, test: undefined, command: undefined }
        : { criterion: criterion.criterion, test: criterion.test, command: criterion.command },
    ),
    edgeCases: edgeCases ?? [],
    prompt: {
      context: contexts.length > 0 ? contexts.map((context) => context.trim()).join('\n\n') : undefined,
      constraints: merge(defaults?.constraints, component.prompt?.constraints),
      examples: component.prompt?.examples?.map((example) =>
        typeof example === 'string'
          ? { description: example, file: undefined, code: undefined }
          : { description: example.description, file: example.file, code: example.code },
      ),
      edgeCases,
      qualityBar: merge(defaults?.qualityBar, component.prompt?.qualityBar),
    },
    estimateHours: component.estimateHours,
    risks: component.risks ?? [],
    performance: component.performance,
    benchmark: component.benchmark,
    ownerRole: component.ownerRole,
    owner: component.owner,
    text: ownText(component),
    index,
  };
}

/** Builds the plan the rest of Baton reads from the validated file contents. */
export function normalizePlan(
  input: PlanFile,
  options: { file: string; root: string; body: string; positionOf: Plan['positionOf'] },
): Plan {
  return {
    file: options.file,
    root: options.root,
    feature: { name: input.feature.name, description: (input.feature.description ?? options.body).trim() },
    defaults: {
      context: input.defaults?.context,
      constraints: input.defaults?.constraints ?? [],
      qualityBar: input.defaults?.qualityBar ?? [],
    },
    components: input.components.map((component, index) =>
      normalizeComponent(component, index, input.defaults),
    ),
    positionOf: options.positionOf,
  };
}
