import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RunProject {
  root: string;
  planFile: string;
  write(path: string, text: string): void;
  git(...args: string[]): string;
  /** A bare clone of the project, as the git remote of a distributed run; `remove` removes it too. */
  cloneBare(): string;
  remove(): void;
}

const baseFiles: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'greetings', version: '1.0.0', type: 'module', private: true }, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`,
  '.gitignore': '.baton/\nnode_modules\n',
  'src/names.ts': [
    "/** A person's name as it is shown. */",
    'export function fullName(first: string, last: string): string {',
    "  return [first, last].join(' ');",
    '}',
    '',
  ].join('\n'),
};

/** A plan of UI-kind components (types and API checks), one per entry, each writing `src/<id>.ts`. */
export function planYaml(
  components: readonly { id: string; dependsOn?: string[]; risks?: string[]; kind?: string }[],
): string {
  const lines = [
    'version: 1',
    'feature:',
    '  name: Greetings',
    '  description: Greeting texts for people.',
    'components:',
  ];
  for (const component of components) {
    lines.push(
      `  - id: ${component.id}`,
      `    title: The ${component.id} text`,
      `    kind: ${component.kind ?? 'ui'}`,
      `    files: [src/${component.id}.ts]`,
      ...(component.dependsOn ? [`    dependsOn: [${component.dependsOn.join(', ')}]`] : []),
      ...(component.risks ? [`    risks: [${component.risks.join(', ')}]`] : []),
      '    estimateHours: 1',
      '    prompt:',
      `      context: Export a function ${component.id.replace(/-/g, '')}(first, last) that returns a greeting using fullName from src/names.ts.`,
      '    acceptance:',
      `      - criterion: ${component.id.replace(/-/g, '')} returns a string that contains the full name`,
      '        command: npx tsc --noEmit -p tsconfig.json',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A committed git repository with a small TypeScript project and `plan.yaml`. */
export function createRunProject(plan: string, extraFiles: Record<string, string> = {}): RunProject {
  const root = mkdtempSync(join(tmpdir(), 'baton-run-'));
  const write = (path: string, text: string) => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  for (const [path, text] of Object.entries({ ...baseFiles, ...extraFiles, 'plan.yaml': plan }))
    write(path, text);
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ada Lovelace');
  git('config', 'user.email', 'ada@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'Start');
  const clones: string[] = [];
  return {
    root,
    planFile: join(root, 'plan.yaml'),
    write,
    git,
    cloneBare() {
      const remote = join(mkdtempSync(join(tmpdir(), 'baton-remote-')), 'repository.git');
      execFileSync('git', ['clone', '--quiet', '--bare', root, remote]);
      clones.push(dirname(remote));
      return remote;
    },
    remove() {
      for (const folder of [root, ...clones]) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** An answer that writes `src/<id>.ts` correctly. */
export function goodAnswer(id: string): string {
  const name = id.replace(/-/g, '');
  return `Here is the file.\n\n\`\`\`ts src/${id}.ts\nimport { fullName } from './names.js';\n\n/** Greets a person. */\nexport function ${name}(first: string, last: string): string {\n  return \`Hello, \${fullName(first, last)}!\`;\n}\n\`\`\`\n`;
}

/** An answer that imports a function names.ts does not export (an API finding and a type error). */
export function wrongImportAnswer(id: string): string {
  const name = id.replace(/-/g, '');
  return `\`\`\`ts src/${id}.ts\nimport { formatName } from './names.js';\n\n/** Greets a person. */\nexport function ${name}(first: string, last: string): string {\n  return \`Hello, \${formatName(first, last)}!\`;\n}\n\`\`\`\n`;
}
