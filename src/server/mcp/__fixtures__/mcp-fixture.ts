import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FixtureProject {
  root: string;
  write(path: string, text: string): string;
  remove(): void;
}

/** A project in a temp folder, its node_modules linked to Baton's so that imports resolve to real packages. */
export function createFixtureProject(files: Record<string, string>): FixtureProject {
  const root = mkdtempSync(join(tmpdir(), 'baton-mcp-'));
  symlinkSync(
    resolve(fileURLToPath(new URL('../../../../node_modules', import.meta.url))),
    join(root, 'node_modules'),
  );
  const write = (path: string, text: string) => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    return absolute;
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Baton's built command line, as an agent's MCP configuration starts it. */
export const batonBin = resolve(fileURLToPath(new URL('../../../../bin/baton.js', import.meta.url)));

const manifest = JSON.stringify({ name: 'app', type: 'module', dependencies: { zod: '*' } });
const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src'],
});

/** The member that does not exist: `z.strng` on line 3, column 20. */
export const mistakeFile = "import { z } from 'zod';\n\nexport const s = z.strng();\n";

export const badPlan = `feature:
  name: preferences
components:
  - id: api
    kind: endpoint
    dependsOn: [storage]
    acceptance: []
`;

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd: root,
    stdio: 'ignore',
  });
}

/**
 * A git repository with a clean committed file and, uncommitted, a file calling a member zod does
 * not have: what an agent leaves behind before it says "done".
 */
export function createAgentRepository(): FixtureProject {
  const project = createFixtureProject({
    'package.json': manifest,
    'tsconfig.json': tsconfig,
    '.gitignore': 'node_modules\n.baton\n',
    'src/index.ts': "import { z } from 'zod';\nexport const name = z.string();\n",
  });
  git(project.root, 'init', '--quiet');
  git(project.root, 'add', '.');
  git(project.root, 'commit', '--quiet', '-m', 'start');
  project.write('src/added.ts', mistakeFile);
  project.write('plans/bad.yaml', badPlan);
  return project;
}
