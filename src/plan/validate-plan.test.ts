import { afterEach, describe, expect, it } from 'vitest';
import { resolvePlanningSettings } from '../core/index.js';
import { createTemporaryProject, type TemporaryProject } from './__fixtures__/temporary-project.js';
import { checkPlan } from './check-plan.js';
import { formatIssue } from './plan-issue.js';

const settings = resolvePlanningSettings({ plan: { maxFilesPerComponent: 3, maxCriteriaPerComponent: 2 } });
const projects: TemporaryProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

async function check(plan: string, files: Record<string, string> = {}) {
  const project = createTemporaryProject({ 'plan.yaml': plan, 'src/a.ts': '', ...files });
  projects.push(project);
  return checkPlan({ file: 'plan.yaml', cwd: project.root, plan: settings.plan, triage: settings.triage });
}

async function problems(plan: string, files: Record<string, string> = {}): Promise<string[]> {
  return (await check(plan, files)).issues.map(
    (issue) => `${issue.line}:${issue.column} ${issue.code} ${issue.message}`,
  );
}

const verified = `    acceptance:
      - criterion: it works
        test: test/a.test.ts`;

describe('validatePlan', async () => {
  it('accepts a sound plan', async () => {
    const result = await check(
      `feature: { name: F }
components:
  - id: a
    title: A
    kind: api
    files: [src/a.ts]
${verified}
`,
      { 'src/a.ts': '' },
    );
    expect(result.issues).toEqual([]);
    expect(result.errorCount).toBe(0);
  });

  it('reports a duplicate id at the second one, naming the line of the first', async () => {
    expect(
      await problems(`feature: { name: F }
components:
  - id: a
    title: A
    kind: api
    files: [src/a.ts]
${verified}
  - id: a
    title: Again
    kind: api
    files: [src/a.ts]
${verified}
`),
    ).toEqual(['10:9 PLAN_DUPLICATE_ID duplicate component id "a" (first defined on line 3)']);
  });

  it('reports an unknown dependency at the entry, with the closest id', async () => {
    expect(
      await problems(`feature: { name: F }
components:
  - id: schema
    title: A
    kind: schema
    files: [src/a.ts]
${verified}
  - id: api
    title: B
    kind: api
    dependsOn: [schema, shcema, nothing-like-it]
    files: [src/a.ts]
${verified}
`),
    ).toEqual([
      '13:25 PLAN_UNKNOWN_DEPENDENCY "api" depends on "shcema", which is not a component of this plan; did you mean "schema"?',
      '13:33 PLAN_UNKNOWN_DEPENDENCY "api" depends on "nothing-like-it", which is not a component of this plan',
    ]);
  });

  it('names every member of a cycle, in order, and points at the dependency that closes it', async () => {
    const component = (id: string, dependsOn: string) =>
      `  - id: ${id}\n    title: ${id}\n    kind: other\n    dependsOn: [${dependsOn}]\n    files: [src/a.ts]\n${verified}\n`;
    const plan = `feature: { name: F }\ncomponents:\n${component('a', 'c')}${component('b', 'a')}${component('c', 'b')}${component('d', 'd')}`;
    const result = await check(plan);
    expect(result.issues.map(formatIssue)).toEqual([
      'plan.yaml:6:17: error PLAN_CYCLE: dependency cycle between 3 components: a → c → b → a\n  hint: Components run in dependency order, so a cycle can never start. Remove one of these dependencies ("a", "c", "b"), or merge the members into one component.',
      'plan.yaml:30:17: error PLAN_CYCLE: dependency cycle between a component and itself: d → d\n  hint: Components run in dependency order, so a cycle can never start. Remove one of these dependencies ("d"), or merge the members into one component.',
    ]);
  });

  it('requires an acceptance criterion that names a test or a command', async () => {
    expect(
      await problems(`feature: { name: F }
components:
  - id: none
    title: A
    kind: api
    files: [src/a.ts]
  - id: words-only
    title: B
    kind: api
    files: [src/a.ts]
    acceptance:
      - it is fast
      - criterion: it is correct
  - id: by-command
    title: C
    kind: api
    files: [src/a.ts]
    acceptance:
      - criterion: it type-checks
        command: npm run typecheck
`),
    ).toEqual([
      '3:9 PLAN_NO_VERIFIABLE_CRITERION "none" has no acceptance criterion',
      '11:5 PLAN_NO_VERIFIABLE_CRITERION none of the 2 acceptance criteria of "words-only" can be checked: none names a test or a command',
    ]);
  });

  it('reports a component with too many files or criteria against the configured limits', async () => {
    expect(
      await problems(
        `feature: { name: F }
components:
  - id: big
    title: A
    kind: api
    files: ['src/**/*.ts']
    acceptance:
      - { criterion: one, test: t.test.ts }
      - { criterion: two, test: t.test.ts }
      - { criterion: three, test: t.test.ts }
`,
        { 'src/a.ts': '', 'src/b.ts': '', 'src/c/d.ts': '', 'src/c/e.ts': '' },
      ),
    ).toEqual([
      '6:5 PLAN_COMPONENT_TOO_LARGE "big" may touch 4 files, more than 3 (plan.maxFilesPerComponent)',
      '7:5 PLAN_COMPONENT_TOO_LARGE "big" has 3 acceptance criteria, more than 2 (plan.maxCriteriaPerComponent)',
    ]);
  });

  it('reports empty prompt elements, in the defaults and in components', async () => {
    expect(
      await problems(`feature: { name: F }
defaults:
  context: ""
components:
  - id: a
    title: A
    kind: api
    files: [src/a.ts]
${verified}
    edgeCases: []
    prompt:
      constraints: []
      examples:
        - {}
      qualityBar:
        - "  "
`),
    ).toEqual([
      '3:12 PLAN_EMPTY_PROMPT_ELEMENT defaults.context is empty',
      '12:16 PLAN_EMPTY_PROMPT_ELEMENT components.0.edgeCases is empty',
      '14:20 PLAN_EMPTY_PROMPT_ELEMENT components.0.prompt.constraints is empty',
      '16:11 PLAN_EMPTY_PROMPT_ELEMENT components.0.prompt.examples[0] is empty',
      '18:11 PLAN_EMPTY_PROMPT_ELEMENT components.0.prompt.qualityBar[0] is empty',
    ]);
  });

  it('reports a root folder that does not exist', async () => {
    const found = await problems(`feature: { name: F }
root: ./elsewhere
components:
  - id: a
    title: A
    kind: api
    files: [a.ts]
${verified}
`);
    expect(found[0]).toMatch(/^2:7 PLAN_ROOT_NOT_FOUND the plan root .*elsewhere does not exist$/);
  });

  it('reports globs that match nothing and new files in folders that do not exist', async () => {
    expect(
      await problems(
        `feature: { name: F }
components:
  - id: a
    title: A
    kind: api
    files:
      - src/*.ts
      - migrations/*.sql
      - src/new-file.ts
      - lib/new-file.ts
${verified}
`,
        { 'src/a.ts': '' },
      ),
    ).toEqual([
      '8:9 PLAN_GLOB_MATCHES_NOTHING the glob "migrations/*.sql" matches no file under the plan root',
      '10:9 PLAN_GLOB_MATCHES_NOTHING "lib/new-file.ts" does not exist and neither does its folder "lib"',
    ]);
  });
});
