import type { PlanSettings, SourcePath } from '../core/index.js';
import { closestMatch } from '../core/index.js';
import { findDependencyCycles } from './dependency-cycles.js';
import type { Plan, PlanComponent } from './plan.js';
import type { PlanIssue, PlanIssueCode } from './plan-issue.js';
import type { PlanFile } from './plan-schema.js';
import { isGlobPattern, type RepositoryFiles } from './repository-files.js';

export interface ValidatePlanOptions {
  plan: Plan;
  /** The plan as written, to tell an empty element from one that was left out. */
  input: PlanFile;
  files: RepositoryFiles;
  settings: PlanSettings;
}

const touchedCache = new WeakMap<RepositoryFiles, WeakMap<PlanComponent, string[]>>();

/** The files a component may touch: existing matches of its globs, plus literal paths it would create. */
export function componentFiles(component: PlanComponent, files: RepositoryFiles): string[] {
  let byComponent = touchedCache.get(files);
  if (!byComponent) {
    byComponent = new WeakMap();
    touchedCache.set(files, byComponent);
  }
  const cached = byComponent.get(component);
  if (cached) return cached;
  const touched = new Set<string>();
  for (const pattern of component.files) {
    const matched = files.match(pattern);
    if (matched.length > 0) for (const file of matched) touched.add(file);
    else if (!isGlobPattern(pattern)) touched.add(pattern.replace(/^\.\//, ''));
  }
  const sorted = [...touched].sort();
  byComponent.set(component, sorted);
  return sorted;
}

function dirnameOf(path: string): string {
  const index = path.replace(/^\.\//, '').lastIndexOf('/');
  return index === -1 ? '.' : path.slice(0, index);
}

/** Every structural problem of a plan at once: ids, dependencies, criteria, size, prompt elements, globs. */
export function validatePlan({ plan, input, files, settings }: ValidatePlanOptions): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const report = (
    code: PlanIssueCode,
    path: SourcePath,
    message: string,
    hint: string,
    component?: PlanComponent,
    of: 'value' | 'key' = 'value',
  ) => {
    issues.push({
      code,
      severity: 'error',
      message,
      hint,
      file: plan.file,
      ...plan.positionOf(path, of),
      path,
      ...(component ? { componentId: component.id } : {}),
    });
  };

  if (!files.hasFolder('.')) {
    report(
      'PLAN_ROOT_NOT_FOUND',
      ['root'],
      `the plan root ${plan.root} does not exist`,
      '`root` is relative to the plan file’s folder; point it at the repository the components change.',
    );
  }

  const firstById = new Map<string, PlanComponent>();
  for (const component of plan.components) {
    const first = firstById.get(component.id);
    if (first) {
      const { line } = plan.positionOf(['components', first.index, 'id']);
      report(
        'PLAN_DUPLICATE_ID',
        ['components', component.index, 'id'],
        `duplicate component id "${component.id}" (first defined on line ${line})`,
        'Give each component its own id; `dependsOn` refers to components by id.',
        component,
      );
    } else {
      firstById.set(component.id, component);
    }
  }

  const ids = [...firstById.keys()];
  for (const component of plan.components) {
    component.dependsOn.forEach((dependency, position) => {
      if (firstById.has(dependency)) return;
      const suggestion = closestMatch(
        dependency,
        ids.filter((id) => id !== component.id),
      );
      report(
        'PLAN_UNKNOWN_DEPENDENCY',
        ['components', component.index, 'dependsOn', position],
        `"${component.id}" depends on "${dependency}", which is not a component of this plan${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        suggestion
          ? `Write "${suggestion}", or add a component with id "${dependency}".`
          : `Add a component with id "${dependency}", or remove it from dependsOn. Ids: ${ids.join(', ')}.`,
        component,
      );
    });
  }

  const edges = new Map(
    [...firstById.values()].map((component) => [component.id, component.dependsOn] as const),
  );
  for (const cycle of findDependencyCycles(ids, edges)) {
    const [start] = cycle;
    const component = start === undefined ? undefined : firstById.get(start);
    if (!component) continue;
    const next = cycle[1] ?? start;
    const position = component.dependsOn.indexOf(next as string);
    const walk = [...cycle, start].join(' → ');
    report(
      'PLAN_CYCLE',
      ['components', component.index, 'dependsOn', position],
      `dependency cycle between ${cycle.length === 1 ? 'a component and itself' : `${cycle.length} components`}: ${walk}`,
      `Components run in dependency order, so a cycle can never start. Remove one of these dependencies (${cycle.map((member) => `"${member}"`).join(', ')}), or merge the members into one component.`,
      component,
    );
  }

  for (const component of plan.components) {
    const at = (...rest: (string | number)[]): SourcePath => ['components', component.index, ...rest];
    if (component.acceptance.length === 0) {
      report(
        'PLAN_NO_VERIFIABLE_CRITERION',
        at('id'),
        `"${component.id}" has no acceptance criterion`,
        'Add `acceptance:` with at least one criterion that names the test proving it, such as `{ criterion: …, test: test/thing.test.ts > does it }`.',
        component,
      );
    } else if (!component.acceptance.some((criterion) => criterion.test || criterion.command)) {
      report(
        'PLAN_NO_VERIFIABLE_CRITERION',
        at('acceptance'),
        `none of the ${component.acceptance.length} acceptance criteria of "${component.id}" can be checked: none names a test or a command`,
        'Write at least one criterion as `{ criterion, test }` (the test that proves it) or `{ criterion, command }` (a command whose exit status proves it).',
        component,
        'key',
      );
    }

    const touched = componentFiles(component, files);
    if (touched.length > settings.maxFilesPerComponent) {
      report(
        'PLAN_COMPONENT_TOO_LARGE',
        at('files'),
        `"${component.id}" may touch ${touched.length} files, more than ${settings.maxFilesPerComponent} (plan.maxFilesPerComponent)`,
        'Split it into smaller components, or narrow its globs; a prompt that spans many files gets vaguer answers.',
        component,
        'key',
      );
    }
    if (component.acceptance.length > settings.maxCriteriaPerComponent) {
      report(
        'PLAN_COMPONENT_TOO_LARGE',
        at('acceptance'),
        `"${component.id}" has ${component.acceptance.length} acceptance criteria, more than ${settings.maxCriteriaPerComponent} (plan.maxCriteriaPerComponent)`,
        'Split it into components that can each be prompted and verified on their own.',
        component,
        'key',
      );
    }

    component.files.forEach((pattern, position) => {
      if (files.match(pattern).length > 0) return;
      if (isGlobPattern(pattern)) {
        report(
          'PLAN_GLOB_MATCHES_NOTHING',
          at('files', position),
          `the glob "${pattern}" matches no file under the plan root`,
          'Check the spelling and that globs are relative to the plan root; name a file the component creates by its plain path.',
          component,
        );
      } else if (!files.hasFolder(dirnameOf(pattern))) {
        report(
          'PLAN_GLOB_MATCHES_NOTHING',
          at('files', position),
          `"${pattern}" does not exist and neither does its folder "${dirnameOf(pattern)}"`,
          'A new file is fine when its folder exists; check the path, which is relative to the plan root.',
          component,
        );
      }
    });
  }

  checkEmptyElements(input, report);
  return issues;
}

type Report = (code: PlanIssueCode, path: SourcePath, message: string, hint: string) => void;

function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

function checkEmptyElements(input: PlanFile, report: Report): void {
  const hints: Record<string, string> = {
    context: 'Frame the problem: the stack, where the code lives and what already exists; or remove the key.',
    constraints: 'List the boundaries (language, libraries, what must not change); or remove the key.',
    examples: 'Name a file to follow (`- file: src/…`) or give code; or remove the key.',
    edgeCases: 'List each corner case with what must happen (`{ case: …, expect: … }`); or remove the key.',
    qualityBar: 'Say what "done well" means here (error handling, comments, tests); or remove the key.',
  };
  const check = (path: SourcePath, element: string, value: unknown) => {
    const where = path.map(String).join('.');
    if (isBlank(value) || (Array.isArray(value) && value.length === 0)) {
      report('PLAN_EMPTY_PROMPT_ELEMENT', path, `${where} is empty`, hints[element] ?? '');
      return;
    }
    if (!Array.isArray(value)) return;
    value.forEach((entry, index) => {
      const blank =
        isBlank(entry) ||
        (entry !== null &&
          typeof entry === 'object' &&
          Object.values(entry as Record<string, unknown>).every(
            (field) => field === undefined || isBlank(field),
          ));
      if (blank)
        report(
          'PLAN_EMPTY_PROMPT_ELEMENT',
          [...path, index],
          `${where}[${index}] is empty`,
          hints[element] ?? '',
        );
    });
  };
  const defaults = input.defaults ?? {};
  for (const key of ['context', 'constraints', 'qualityBar'] as const) {
    if (defaults[key] !== undefined) check(['defaults', key], key, defaults[key]);
  }
  input.components.forEach((component, index) => {
    if (component.edgeCases !== undefined)
      check(['components', index, 'edgeCases'], 'edgeCases', component.edgeCases);
    for (const key of ['context', 'constraints', 'examples', 'qualityBar'] as const) {
      const value = component.prompt?.[key];
      if (value !== undefined) check(['components', index, 'prompt', key], key, value);
    }
  });
}
