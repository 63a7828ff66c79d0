import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const examplePlan = 'examples/notification-preferences/plan.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'baton-cli-plan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function baton(args: string[], cwd = repositoryRoot) {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(args, {
    cwd,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { exitCode, stdout, stderr };
}

function section(output: string, title: string): string {
  const start = output.indexOf(`\n${title}\n`);
  const end = output.indexOf('\n\n', output.indexOf('\n\n', start + 1) + 1);
  return output.slice(start + 1, title === 'Triage' ? output.indexOf('\n\nPrompt lint') : end);
}

describe('baton plan check', () => {
  it('passes on the example and prints its triage table', async () => {
    const { exitCode, stdout } = await baton(['plan', 'check', examplePlan]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(
      /^Plan examples\/notification-preferences\/plan.yaml: User notification preferences, 5 components\n/,
    );
    expect(stdout).toMatch(/✓ plan is valid \(1 warning\)\n$/);
    expect(section(stdout, 'Triage')).toMatchInlineSnapshot(`
      "Triage
      component                 kind         verdict             reasons             owner               review
      ------------------------  -----------  ------------------  ------------------  ------------------  --------
      preferences-schema        schema       orchestrate+verify  legacy-integration  mid                 required
      preferences-api           api          orchestrate+verify  security-sensitive  senior (plan: mid)  required
      preferences-form          ui           orchestrate         -                   junior              -
      notification-integration  integration  orchestrate+verify  legacy-integration  mid (plan: senior)  required
      feature-tests             test         orchestrate         -                   junior              -

      preferences-schema: orchestrate+verify, because
        - legacy-integration (path): migrations/002_create_notification_preferences.sql matches **/migrations/** (changes the database schema: apply the migration to a real database and review the catalog)

      preferences-api: orchestrate+verify, because
        - security-sensitive (keyword): "auth", "authenticated", "session" in the text (the task speaks of security: AI may introduce vulnerabilities)

      notification-integration: orchestrate+verify, because
        - legacy-integration (keyword): "legacy" in the text (integrates with existing code whose history the model does not know)"
    `);
  });

  it('summarises the prompt lint of the example', async () => {
    const { stdout } = await baton(['plan', 'check', examplePlan]);
    expect(stdout.slice(stdout.indexOf('Prompt lint'), stdout.indexOf('\n\n✓'))).toMatchInlineSnapshot(`
      "Prompt lint (scores 0–100)
      component                 context  constraints  examples  edge cases  quality bar  overall  findings
      ------------------------  -------  -----------  --------  ----------  -----------  -------  --------
      preferences-schema        100      100          100       100         100          100      0
      preferences-api           100      100          100       100         100          100      0
      preferences-form          100      100          100       100         100          100      0
      notification-integration  100      100          100       100         100          100      0
      feature-tests             100      100          100       100         100          100      0"
    `);
  });

  it('exits 1 and lists every problem with its position and hint', async () => {
    const plan = join(scratch, 'broken.yaml');
    writeFileSync(
      plan,
      'feature: { name: F }\ncomponents:\n  - id: a\n    title: A\n    kind: api\n    dependsOn: [b]\n    files: [nowhere/*.ts]\n',
    );
    const { exitCode, stdout } = await baton(['plan', 'check', 'broken.yaml'], scratch);
    expect(exitCode).toBe(1);
    expect(stdout.slice(0, stdout.indexOf('\n\nTriage'))).toMatchInlineSnapshot(`
      "Plan broken.yaml: F, 1 component

      Problems (3 errors, 0 warnings)
      broken.yaml:3:9: error PLAN_NO_VERIFIABLE_CRITERION: "a" has no acceptance criterion
        hint: Add \`acceptance:\` with at least one criterion that names the test proving it, such as \`{ criterion: …, test: test/thing.test.ts > does it }\`.
      broken.yaml:6:17: error PLAN_UNKNOWN_DEPENDENCY: "a" depends on "b", which is not a component of this plan
        hint: Add a component with id "b", or remove it from dependsOn. Ids: a.
      broken.yaml:7:13: error PLAN_GLOB_MATCHES_NOTHING: the glob "nowhere/*.ts" matches no file under the plan root
        hint: Check the spelling and that globs are relative to the plan root; name a file the component creates by its plain path."
    `);
    expect(stdout).toMatch(/✗ 3 errors, 0 warnings\n$/);
  });

  it('reads a Markdown plan from its front matter and points at lines of the Markdown file', async () => {
    writeFileSync(join(scratch, 'notes.ts'), '');
    writeFileSync(
      join(scratch, 'plan.md'),
      [
        '---',
        'feature: { name: Notes }',
        'components:',
        '  - id: notes',
        '    title: Notes',
        '    kind: other',
        '    files: [notes.ts]',
        '    acceptance: [{ criterion: saves, test: notes.test.ts }]',
        '    prompt: { context: "" }',
        '---',
        '# Notes',
        '',
        'People keep notes.',
      ].join('\n'),
    );
    const { exitCode, stdout } = await baton(['plan', 'check', 'plan.md'], scratch);
    expect(exitCode).toBe(1);
    expect(stdout).toContain(
      'plan.md:9:24: error PLAN_EMPTY_PROMPT_ELEMENT: components.0.prompt.context is empty',
    );
  });

  it('exits 2 when the plan file does not exist', async () => {
    const { exitCode, stderr } = await baton(['plan', 'check', 'missing.yaml'], scratch);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^error PLAN_NOT_FOUND: Plan file not found: .*missing\.yaml\nhint: /);
  });

  it('prints JSON with --json', async () => {
    const { stdout } = await baton(['plan', 'check', examplePlan, '--json']);
    const report = JSON.parse(stdout) as {
      errorCount: number;
      triage: { componentId: string; verdict: string }[];
    };
    expect(report.errorCount).toBe(0);
    expect(report.triage.map((result) => `${result.componentId}: ${result.verdict}`)).toEqual([
      'preferences-schema: orchestrate+verify',
      'preferences-api: orchestrate+verify',
      'preferences-form: orchestrate',
      'notification-integration: orchestrate+verify',
      'feature-tests: orchestrate',
    ]);
  });
});

describe('baton plan schema', () => {
  it('prints a JSON Schema of the plan format', async () => {
    const { exitCode, stdout } = await baton(['plan', 'schema']);
    expect(exitCode).toBe(0);
    const schema = JSON.parse(stdout) as {
      $schema: string;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['feature', 'components']);
    expect(Object.keys(schema.properties)).toEqual(['version', 'feature', 'root', 'defaults', 'components']);
  });
});

describe('baton prompt', () => {
  it('prints a component prompt and reports its tokens, the same bytes each time', async () => {
    const first = await baton(['prompt', examplePlan, 'preferences-schema']);
    const second = await baton(['prompt', examplePlan, 'preferences-schema']);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).toMatch(/^# Task: Database schema for notification preferences\n/);
    expect(first.stdout).toContain('### Example: migrations/001_create_users.sql');
    expect(first.stderr).toMatch(/^prompt for preferences-schema: \d+ of 8000 tokens \(o200k_base\)\n$/);
  });

  it('writes to --out and honours --budget', async () => {
    const out = join(scratch, 'prompt.md');
    const { exitCode, stdout } = await baton([
      'prompt',
      examplePlan,
      'preferences-api',
      '--out',
      out,
      '--budget',
      '1200',
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/prompt for preferences-api: \d+ of 1200 tokens/);
    expect(stdout).toMatch(/dropped to fit: /);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Task: GET and PUT endpoints/);
  });

  it('names the closest component when the id is wrong', async () => {
    const { exitCode, stderr } = await baton(['prompt', examplePlan, 'preferences-ap']);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/No component "preferences-ap" in .*; did you mean "preferences-api"\?/);
  });
});

describe('baton prompt lint', () => {
  it('lists the example’s findings with positions and rewrites', async () => {
    const { exitCode, stdout } = await baton(['prompt', 'lint', examplePlan]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatchInlineSnapshot(`
      "Prompt lint of examples/notification-preferences/plan.yaml (scores 0–100)
      component                 context  constraints  examples  edge cases  quality bar  overall  findings
      ------------------------  -------  -----------  --------  ----------  -----------  -------  --------
      preferences-schema        100      100          100       100         100          100      0
      preferences-api           100      100          100       100         100          100      0
      preferences-form          100      100          100       100         100          100      0
      notification-integration  100      100          100       100         100          100      0
      feature-tests             100      100          100       100         100          100      0

      0 findings in 5 components
      "
    `);
  });

  it('exits 1 when a component scores below --min-score', async () => {
    const plan = join(scratch, 'thin.yaml');
    writeFileSync(
      plan,
      'feature: { name: F }\ncomponents:\n  - id: a\n    title: A\n    kind: api\n    files: [thin.yaml]\n    acceptance: [{ criterion: ok, test: a.test.ts }]\n',
    );
    const { exitCode, stdout } = await baton(['prompt', 'lint', 'thin.yaml', '--min-score', '50'], scratch);
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/✗ below --min-score 50: a\n$/);
  });
});
