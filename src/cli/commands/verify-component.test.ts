import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { createFixtureProject, type FixtureProject } from '../../verify/__fixtures__/fixture-project.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const plan = `feature:
  name: Preferences
components:
  - id: preferences-api
    title: Preferences endpoints
    kind: api
    files: ['src/**']
    acceptance:
      - criterion: saves preferences
        test: src/preferences.test.ts
    edgeCases:
      - case: user with no preferences row
        expect: GET returns the defaults
      - case: two saves at the same moment
        expect: one row remains
`;

describe('baton verify --plan --component', () => {
  it('traces the component’s edge cases to tests and names the untraced one in the plan', async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { test: 'node --test' } }),
        'plan.yaml': plan,
        'src/preferences.js': 'export const defaults = { email: true };\n',
        'src/preferences.test.js':
          "import { test } from 'node:test';\ntest('returns the defaults for a user with no preferences row', () => {});\n",
      },
    });
    const run = await runBaton(
      [
        'verify',
        '--checks',
        'edge-cases',
        '--plan',
        'plan.yaml',
        '--component',
        'preferences-api',
        '--fail-on',
        'error',
      ],
      project.root,
    );
    expect(run.stdout).toContain('plan.yaml:14:9');
    expect(run.stdout).toContain('edge-cases/untraced');
    expect(run.stdout).toContain(
      'Edge case #2 of "preferences-api", "two saves at the same moment", is not traced to any test.',
    );
    expect(run.stdout).toContain(
      'is covered by "returns the defaults for a user with no preferences row" (matched by words: user, no, preference, row (score 1.00)), which passes.',
    );
    expect(run.exitCode).toBe(1);
  }, 60_000);

  it('needs both flags, and names the closest component', async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module' }),
        'plan.yaml': plan,
        'src/preferences.js': 'export const defaults = {};\n',
      },
    });
    const alone = await runBaton(['verify', '--component', 'preferences-api'], project.root);
    expect(alone.stderr).toContain('--plan and --component go together.');
    expect(alone.exitCode).toBe(2);
    const typo = await runBaton(
      ['verify', '--plan', 'plan.yaml', '--component', 'preference-api'],
      project.root,
    );
    expect(typo.stderr).toContain('did you mean "preferences-api"?');
    expect(typo.exitCode).toBe(2);
  }, 60_000);
});
