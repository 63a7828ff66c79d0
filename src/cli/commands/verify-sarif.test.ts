import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { createFixtureProject, type FixtureProject } from '../../verify/__fixtures__/fixture-project.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

describe('baton verify --format sarif', () => {
  it("names Baton's own package page as the tool's information URI", async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module' }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src'] }),
        'src/index.ts': 'export const one: number = 1;\n',
      },
    });
    const run = await runBaton(['verify', '--checks', 'types', '--format', 'sarif'], project.root);
    expect(run.exitCode, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const driver = JSON.parse(run.stdout).runs[0].tool.driver;
    expect(manifest.name).toBe('baton-workbench');
    expect(driver.informationUri).toBe('https://www.npmjs.com/package/baton-workbench#readme');
    expect(driver.informationUri).toBe(manifest.homepage);
  });
});
