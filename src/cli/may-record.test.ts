import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../test/support/cli.js';
import { createFixtureProject, type FixtureProject } from '../verify/__fixtures__/fixture-project.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src'] }),
  'src/index.ts': 'export const one: number = 1;\n',
};

describe('baton verify and the ledger', () => {
  it('outside a git repository leaves no ledger behind', async () => {
    project = createFixtureProject({ files });
    const run = await runBaton(['verify', '--checks', 'types'], project.root);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(existsSync(join(project.root, '.baton'))).toBe(false);
  });

  it('inside a git repository records its findings and time', async () => {
    project = createFixtureProject({ files });
    execFileSync('git', ['init', '--quiet'], { cwd: project.root });
    const run = await runBaton(['verify', '--checks', 'types'], project.root);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(join(project.root, '.baton', 'ledger.db'))).toBe(true);
  });
});
