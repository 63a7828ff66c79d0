import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePlanningSettings } from '../core/index.js';
import { createTemporaryProject, type TemporaryProject } from '../plan/__fixtures__/temporary-project.js';
import { checkPlan } from '../plan/index.js';
import { lintPlanPrompts } from './lint-plan.js';
import type { LintFinding } from './lint-prompt.js';

let project: TemporaryProject;

const plan = `feature: { name: Reports }
components:
  - id: weak
    title: Report endpoint
    kind: api
    files: [src/report.ts]
    acceptance:
      - criterion: returns the report
        test: test/report.test.ts > returns the report
    edgeCases:
      - case: an empty date range
        expect: 200 with an empty list
      - case: a malformed date
    prompt:
      context: A report endpoint.
      constraints:
        - Write the tests with Jest.
        - No external dependencies.
        - Use zod 3 for validation.
        - Handle errors properly.
      examples:
        - description: like the other endpoints
        - code: |
            import { z } from 'zod';
            export const schema = z.object({ from: z.string() });
  - id: strong
    title: Totals endpoint
    kind: api
    files: [src/report.ts]
    acceptance:
      - criterion: returns the totals
        test: test/totals.test.ts > returns the totals
      - criterion: answers 400 for a malformed date
        test: test/totals.test.ts > answers 400 for a malformed date
    edgeCases:
      - case: a malformed date
        expect: '400 { error: "invalid_date" }'
    prompt:
      context: >-
        A TypeScript service on node:http; src/report.ts exports the report handler and the totals endpoint
        goes next to it, reading rows through the repository passed to it.
      constraints:
        - Use Vitest 4 for tests and zod 4.1 for validation.
        - "Invalid input: respond 400 with { error: \\"invalid_date\\" }."
      examples:
        - file: src/report.ts
      qualityBar:
        - JSDoc on every exported function.
`;

beforeAll(() => {
  project = createTemporaryProject({
    'plan.yaml': plan,
    'package.json': JSON.stringify({
      type: 'module',
      dependencies: { zod: '^4.1.0' },
      devDependencies: { vitest: '^4.0.0' },
    }),
    'node_modules/zod/package.json': JSON.stringify({ name: 'zod', version: '4.1.5' }),
    'node_modules/vitest/package.json': JSON.stringify({ name: 'vitest', version: '4.0.2' }),
    'src/report.ts': "import { z } from 'zod';\nexport const report = z.object({});\n",
  });
});
afterAll(() => project.remove());

async function lint() {
  const settings = resolvePlanningSettings({});
  const check = await checkPlan({
    file: 'plan.yaml',
    cwd: project.root,
    plan: settings.plan,
    triage: settings.triage,
  });
  if (!check.plan) throw new Error(`plan did not parse: ${JSON.stringify(check.issues)}`);
  const loaded = check.plan;
  const results = lintPlanPrompts(loaded);
  const describeFinding = (finding: LintFinding) => {
    const { line, column } = loaded.positionOf(finding.path);
    return `${line}:${column} ${finding.element} ${finding.rule}: ${finding.message}`;
  };
  return { results, describeFinding };
}

describe('lintPrompt', async () => {
  it('finds missing elements, vague wording, contradictions with the repository and uncovered edge cases', async () => {
    const { results, describeFinding } = await lint();
    const weak = results.find((result) => result.componentId === 'weak');
    expect(weak?.findings.map(describeFinding)).toEqual([
      '3:5 qualityBar missing-element: the qualityBar element is missing',
      '15:16 context thin-element: the context is under 12 words',
      '17:11 constraints contradicts-repository: asks for Jest where the repository uses Vitest',
      '18:11 constraints contradicts-repository: says "No external dependencies" while an example imports "zod"',
      '19:11 constraints contradicts-repository: names zod 3, but 4.1.5 is installed',
      '20:11 constraints vague-wording: vague wording "Handle errors properly" in "Handle errors properly."',
      '22:11 examples thin-element: an example in words shows no pattern',
      '11:9 edgeCases uncovered-edge-case: no acceptance criterion covers the edge case "an empty date range"',
      '13:9 edgeCases vague-wording: the edge case "a malformed date" does not say what must happen',
      '13:9 edgeCases uncovered-edge-case: no acceptance criterion covers the edge case "a malformed date"',
    ]);
    expect(weak?.scores).toEqual({ context: 70, constraints: 0, examples: 70, edgeCases: 35, qualityBar: 0 });
    expect(weak?.overall).toBe(35);
  });

  it('gives each finding a rewrite that fixes it', async () => {
    const { results } = await lint();
    const suggestions = results
      .find((result) => result.componentId === 'weak')
      ?.findings.map((finding) => finding.suggestion);
    expect(suggestions).toContain('Write the tests with Vitest.');
    expect(suggestions).toContain('Use zod 4.1.5 for validation.');
    expect(suggestions).toContain('No new dependencies: use only what package.json declares (zod).');
    expect(suggestions).toContain(
      'Add to acceptance: { criterion: "an empty date range: 200 with an empty list", test: "test/report.test.ts > an empty date range" }',
    );
  });

  it('scores a complete, concrete prompt 100 and accepts versions that match what is installed', async () => {
    const { results } = await lint();
    const strong = results.find((result) => result.componentId === 'strong');
    expect(strong?.findings).toEqual([]);
    expect(strong?.overall).toBe(100);
  });
});
