import { describe, expect, it } from 'vitest';
import { parsePlanText } from './parse-plan.js';

const valid = `feature:
  name: Preferences
components:
  - id: schema
    title: Table
    kind: schema
    files: [migrations/*.sql]
`;

function issuesOf(text: string, file = 'plan.yaml') {
  const result = parsePlanText(text, file);
  if (result.success) throw new Error('expected the plan to be rejected');
  return result.issues.map((issue) => `${issue.line}:${issue.column} ${issue.code} ${issue.message}`);
}

describe('parsePlanText', () => {
  it('reads a valid YAML plan', () => {
    const result = parsePlanText(valid, 'plan.yaml');
    expect(result.success).toBe(true);
    if (result.success) expect(result.value.input.components[0]?.id).toBe('schema');
  });

  it('reports a YAML syntax error at its position', () => {
    const text = 'feature:\n  name: Preferences\n  name: Again\ncomponents: []\n';
    expect(issuesOf(text)).toEqual(['3:3 PLAN_SYNTAX Map keys must be unique']);
  });

  it('reports only the first of cascading syntax errors, and says how many followed', () => {
    const text = 'feature:\n  name: Preferences\ncomponents:\n  - id: a\n    title: "unclosed\n';
    const [issue, ...rest] = issuesOf(text);
    expect(rest).toEqual([]);
    expect(issue).toMatch(/^6:1 PLAN_SYNTAX Missing closing "quote/);
  });

  it('reports every shape problem at once, each at its line and column', () => {
    const text = `feature:
  name: Preferences
components:
  - id: schema
    title: Table
    kind: shema
    files: [migrations/*.sql]
    dependson: [x]
  - id: Bad_Id
    kind: api
    files: []
`;
    expect(issuesOf(text)).toEqual([
      '6:11 PLAN_SCHEMA components.0.kind: expected one of schema, api, ui, integration, test, other, got the string "shema"; did you mean "schema"?',
      '8:5 PLAN_SCHEMA unknown key "dependson"; did you mean "dependsOn"?',
      '9:9 PLAN_SCHEMA components.1.id: an id is lower-case letters, digits and dashes, such as "preferences-api" (got the string "Bad_Id")',
      '9:5 PLAN_SCHEMA components.1.title is required',
      '11:12 PLAN_SCHEMA components.1.files must list at least 1 entry',
    ]);
  });

  it('names the accepted shapes when a list entry has the wrong one', () => {
    const text = `${valid}    acceptance:\n      - 42\n`;
    expect(issuesOf(text)).toEqual([
      '9:9 PLAN_SCHEMA components.0.acceptance.0: expected a sentence, or { criterion, test?, command? }, got number 42',
    ]);
  });

  it('reads a Markdown plan from its front matter, with lines counted in the Markdown file', () => {
    const markdown = `---\n${valid}---\n\n# Preferences\n\nUsers choose their channels.\n`;
    const result = parsePlanText(markdown, 'plan.md');
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.value.body.trim()).toBe('# Preferences\n\nUsers choose their channels.');
    expect(result.value.positionOf(['components', 0, 'kind'])).toEqual({ line: 7, column: 11 });

    const broken = `---\n${valid.replace('kind: schema', 'kind: 3')}---\nBody\n`;
    expect(issuesOf(broken, 'plan.md')[0]).toMatch(/^7:11 PLAN_SCHEMA components\.0\.kind/);
  });

  it('says an empty plan is empty', () => {
    expect(issuesOf('# nothing yet\n')).toEqual(['1:1 PLAN_SCHEMA the plan is empty']);
  });

  it('rejects a Markdown plan without front matter at line 1', () => {
    expect(issuesOf('# Just a heading\n', 'plan.md')).toEqual([
      '1:1 PLAN_SYNTAX a Markdown plan must start with YAML front matter between two `---` lines',
    ]);
  });
});
