import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../test/support/cli.js';
import { createFixtureProject, type FixtureProject } from './__fixtures__/fixture-project.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true },
    include: ['src'],
  }),
  'src/read.ts': "import fs from 'node:fs';\nexport const text = fs.readFileSynk('a.txt', 'utf8');\n",
};

describe("Node's types missing", () => {
  it('verify says calls into Node are not checked, naming the files that use Node', async () => {
    project = createFixtureProject({ linkNodeModules: false, files });
    const run = await runBaton(['verify', '--checks', 'types,api', '--fail-on', 'none'], project.root);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('api/node-types-missing');
    expect(run.stdout).toContain("Node's types (@types/node) are not installed");
    expect(run.stdout).toContain('src/read.ts');
    expect(run.stdout).toContain('npm install -D @types/node');
  });

  it('says nothing when the types are installed', async () => {
    project = createFixtureProject({ files });
    const run = await runBaton(['verify', '--checks', 'types,api', '--fail-on', 'none'], project.root);
    expect(run.stdout).not.toContain('api/node-types-missing');
  });
});
