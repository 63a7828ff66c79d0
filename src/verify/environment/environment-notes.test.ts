import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { type Finding, lineRange } from '../finding.js';
import { verify } from '../verify.js';
import { explainEnvironment } from './environment-notes.js';

const strictTsconfig = (extra: Record<string, unknown> = {}, include = ['**/*.ts']) =>
  JSON.stringify({
    include,
    compilerOptions: {
      strict: true,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      types: [],
      noEmit: true,
      ...extra,
    },
  });

const realError = 'export const total: number = "three";\n';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

async function verifyTypesAndApi(files: Record<string, string>) {
  project = createFixtureProject({ files, linkNodeModules: false });
  const report = await verify({ root: project.root, checks: ['types', 'api'], nativeCompiler: 'off' });
  return report.findings;
}

function only(findings: readonly Finding[], ruleId: string): Finding {
  const matching = findings.filter((finding) => finding.ruleId === ruleId);
  expect(matching, ruleId).toHaveLength(1);
  return matching[0] as Finding;
}

function suppressedCount(note: Finding): number {
  return Number(/(\d+) findings? that hinge/.exec(note.message)?.[1] ?? 0);
}

/** The findings other than the environment's notes, as `rule file:line`. */
function codeFindings(findings: readonly Finding[]): string[] {
  return findings
    .filter((finding) => !finding.ruleId.startsWith('environment/'))
    .map((finding) => `${finding.ruleId} ${finding.file}:${finding.range.startLine}`);
}

/** A React Router app that declares typegen (a script, the dev package, `rootDirs`) and has not run it. */
function routerApp(dependencies: Record<string, string> = {}): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'router-app',
      type: 'module',
      scripts: { typecheck: 'react-router typegen && tsc' },
      devDependencies: { '@react-router/dev': '7.9.0', ...dependencies },
    }),
    'node_modules/@react-router/dev/package.json': JSON.stringify({
      name: '@react-router/dev',
      version: '7.9.0',
    }),
    'tsconfig.json': strictTsconfig({ rootDirs: ['.', './.react-router/types'] }, [
      '**/*.ts',
      '.react-router/types/**/*',
    ]),
    '.gitignore': '.react-router/\nnode_modules\n',
  };
}

describe('environment notes', () => {
  it('turns the findings of missing React Router typegen output into one note', async () => {
    const findings = await verifyTypesAndApi({
      ...routerApp(),
      'app/routes/notes.ts': [
        "import type { Route } from './+types/notes';",
        '',
        'export function loader({ params }: Route.LoaderArgs) {',
        '  return params.id;',
        '}',
        '',
        'export function titles({ loaderData }: Route.ComponentProps) {',
        '  return loaderData.notes.map((note) => note.title);',
        '}',
        '',
      ].join('\n'),
      'app/count.ts': realError,
    });
    const note = only(findings, 'environment/generated-code-missing');
    expect(note.severity).toBe('note');
    expect(note.message).toContain('React Router typegen');
    expect(note.message).toContain('./+types/notes');
    expect(note.message).toContain('app/routes/notes.ts');
    expect(note.hint).toContain('npx react-router typegen');
    // The missing module, and the callback's parameter whose type came from it.
    expect(suppressedCount(note)).toBe(2);
    expect(codeFindings(findings)).toEqual(['types/type-error app/count.ts:1']);
  });

  it('folds the errors of code typed through the interface React Router typegen fills in', async () => {
    const findings = await verifyTypesAndApi({
      ...routerApp({ 'react-router': '7.9.0' }),
      'node_modules/react-router/package.json': JSON.stringify({
        name: 'react-router',
        version: '7.9.0',
        types: 'index.d.ts',
      }),
      // The shape of React Router's own declarations: until typegen registers the app's pages, `Register`
      // is empty and every page falls back to `AnyParams`.
      'node_modules/react-router/index.d.ts': [
        'export interface Register {}',
        'type AnyParams = Record<string, string | undefined>;',
        'type AnyPages = Record<string, { params: AnyParams }>;',
        'type Pages = Register extends { pages: infer Registered extends AnyPages } ? Registered : AnyPages;',
        'type ToArgs<Params extends AnyParams> = Partial<Params> extends Params ? [Params] | [] : [Params];',
        "type Args = { [K in keyof Pages]: ToArgs<Pages[K]['params']> };",
        'export declare function href<Path extends keyof Args>(path: Path, ...args: Args[Path]): string;',
        '',
      ].join('\n'),
      'app/routes/notes.ts': [
        "import type { Route } from './+types/notes';",
        'export function loader({ params }: Route.LoaderArgs) {',
        '  return params.id;',
        '}',
        '',
      ].join('\n'),
      'app/links.ts': [
        "import { href, type Register } from 'react-router';",
        '',
        "export type AppPages = keyof Register['pages'];",
        'type Navigate = <Path extends AppPages>(...args: Parameters<typeof href<Path>>) => string;',
        'export function withNavigate(use: (navigate: Navigate) => void) {',
        '  use((...args) => href(...args));',
        '}',
        '',
        'export const wrong = href(42);',
        '',
      ].join('\n'),
    });
    const note = only(findings, 'environment/generated-code-missing');
    expect(note.message).toContain('React Router typegen');
    // The missing route module; then `pages` missing from `Register`, `Path` outside `string`, and the
    // spread of a union of tuples.
    expect(suppressedCount(note)).toBe(4);
    // A number where a path goes is wrong whatever typegen registers.
    expect(codeFindings(findings)).toEqual(['types/type-error app/links.ts:9']);
  });

  it('explains an ungenerated Prisma client by its schema and keeps an unrelated error', async () => {
    const findings = await verifyTypesAndApi({
      'package.json': JSON.stringify({
        name: 'prisma-app',
        type: 'module',
        scripts: { postinstall: 'prisma generate' },
        dependencies: { '@prisma/client': '6.19.2' },
        devDependencies: { prisma: '6.19.2' },
      }),
      'prisma/schema.prisma': [
        'generator client {',
        '  provider = "prisma-client-js"',
        '}',
        'model User {',
        '  id   Int    @id',
        '  name String',
        '}',
        '',
      ].join('\n'),
      // The shape of the published package before `prisma generate`: it re-exports a client that is not there.
      'node_modules/@prisma/client/package.json': JSON.stringify({
        name: '@prisma/client',
        version: '6.19.2',
        types: 'index.d.ts',
      }),
      'node_modules/@prisma/client/index.d.ts': "export * from '.prisma/client/default';\n",
      'node_modules/prisma/package.json': JSON.stringify({ name: 'prisma', version: '6.19.2' }),
      'tsconfig.json': strictTsconfig(),
      'src/users.ts': [
        "import { PrismaClient, type User } from '@prisma/client';",
        '',
        'const client = new PrismaClient();',
        '',
        'export async function names(): Promise<string[]> {',
        '  const users = await client.user.findMany();',
        '  return users.map((user) => user.name);',
        '}',
        '',
        'export function label(user: User): string {',
        '  return user.name;',
        '}',
        '',
      ].join('\n'),
      'src/count.ts': realError,
    });
    const note = only(findings, 'environment/generated-code-missing');
    expect(note.message).toContain('Prisma client');
    expect(note.message).toContain('prisma/schema.prisma');
    expect(note.hint).toContain('npx prisma generate');
    // PrismaClient and User are missing exports, and the callback's parameter degraded to any.
    expect(suppressedCount(note)).toBe(3);
    expect(codeFindings(findings)).toEqual(['types/type-error src/count.ts:1']);
  });

  it('names the project script that writes a git-ignored generated folder', async () => {
    const findings = await verifyTypesAndApi({
      'package.json': JSON.stringify({
        name: 'codegen-app',
        type: 'module',
        scripts: { build: 'tsc', 'gen:api': 'node scripts/write-client.mjs' },
      }),
      '.gitignore': 'src/generated/\n',
      'tsconfig.json': strictTsconfig(),
      'src/client.ts': [
        "import { createClient } from './generated/api-client';",
        '',
        "export const names = createClient('/api').users.map((user) => user.name);",
        '',
      ].join('\n'),
      'src/count.ts': realError,
    });
    const note = only(findings, 'environment/generated-code-missing');
    expect(note.message).toContain('the project\'s "gen:api" script');
    expect(note.message).toContain('./generated/api-client');
    expect(note.hint).toContain('npm run gen:api');
    expect(suppressedCount(note)).toBe(2);
    expect(codeFindings(findings)).toEqual(['types/type-error src/count.ts:1']);
  });

  it('makes uninstalled dependencies one note with the lockfile’s install command', async () => {
    const findings = await verifyTypesAndApi({
      'package.json': JSON.stringify({
        name: 'bare-clone',
        type: 'module',
        dependencies: { fastify: '^5.0.0' },
        devDependencies: { '@types/node': '^22.0.0' },
      }),
      'package-lock.json': JSON.stringify({ name: 'bare-clone', lockfileVersion: 3, packages: {} }),
      'tsconfig.json': strictTsconfig({ types: ['node'] }),
      'src/app.ts': [
        "import Fastify from 'fastify';",
        "import { join } from 'node:path';",
        '',
        'const app = Fastify();',
        "app.get('/', async (request, reply) => reply.send(request.url));",
        "export const where = join(process.cwd(), 'public');",
        '',
      ].join('\n'),
      'src/count.ts': realError,
    });
    const note = only(findings, 'environment/dependencies-not-installed');
    expect(note.severity).toBe('note');
    expect(note.message).toContain('no node_modules');
    expect(note.hint).toContain('`npm ci`');
    // fastify's import, the route's two parameters, `process` and the tsconfig's `types: ["node"]`, and Node's types note.
    expect(suppressedCount(note)).toBe(6);
    expect(note.message).toContain('src/app.ts, tsconfig.json');
    expect(codeFindings(findings)).toEqual(['types/type-error src/count.ts:1']);
  });

  it('names the packages of a partial install and drops only the findings that hinge on them', async () => {
    const findings = await verifyTypesAndApi({
      'package.json': JSON.stringify({
        name: 'partial',
        type: 'module',
        dependencies: { 'tiny-greeter': '1.0.0', 'tiny-parser': '1.0.0' },
      }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'node_modules/tiny-greeter/package.json': JSON.stringify({
        name: 'tiny-greeter',
        version: '1.0.0',
        types: 'index.d.ts',
      }),
      'node_modules/tiny-greeter/index.d.ts': 'export declare function greet(name: string): string;\n',
      'tsconfig.json': strictTsconfig(),
      'src/use.ts': [
        "import { greet } from 'tiny-greeter';",
        "import { parse } from 'tiny-parser';",
        '',
        "export const fields = parse('a,b').map((field) => field.trim());",
        'export const greeting: number = greet("Ada");',
        '',
      ].join('\n'),
    });
    const note = only(findings, 'environment/dependencies-not-installed');
    expect(note.message).toContain('1 declared package is not installed (tiny-parser)');
    expect(note.message).not.toContain('tiny-greeter');
    expect(note.hint).toContain('`pnpm install --frozen-lockfile`');
    // The missing package's import and the callback over its result; the wrong use of the installed one stays.
    expect(suppressedCount(note)).toBe(2);
    expect(codeFindings(findings)).toEqual(['types/type-error src/use.ts:5']);
  });

  it('folds tests that could not start for want of an uninstalled program into the dependencies note', () => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': JSON.stringify({ name: 'app', devDependencies: { tsx: '^4.0.0' } }),
        'src/empty.ts': 'export {};\n',
      },
    });
    const couldNotRun = (program: string): Finding => ({
      checkId: 'tests',
      ruleId: 'tests/could-not-run',
      severity: 'note',
      file: '.',
      range: lineRange(1),
      message: `The tests could not run: \`${program}\` is not installed (or not on PATH) (npm test).`,
    });
    const root = project.root;
    const findings = explainEnvironment([couldNotRun('tsx'), couldNotRun('pnpm')], {
      root,
      compilerOptions: {},
      targets: [`${root}/src/empty.ts`],
      getProgram: () => ts.createProgram([`${root}/src/empty.ts`], {}),
    });
    expect(findings.map((finding) => finding.ruleId)).toEqual([
      'tests/could-not-run',
      'environment/dependencies-not-installed',
    ]);
    expect(findings[0]?.message).toContain('`pnpm`');
    expect(findings[1]?.message).toContain(
      'The types, api and tests checks could not verify this code fully.',
    );
  });
});
