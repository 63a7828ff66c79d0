import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { VerifiedComponent } from '../check.js';
import { verify } from '../verify.js';
import type { DeclaredTest } from './discover-tests.js';
import { declaredTests } from './discover-tests.js';
import { createEdgeCasesCheck } from './edge-cases-check.js';
import { coversTags, traceEdgeCases } from './trace-edge-cases.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    types: [],
  },
  include: ['src'],
});

describe('fuzzing exported functions', () => {
  it('reports a function that never returns, and still fuzzes the ones after it', async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module' }),
        'tsconfig.json': tsconfig,
        'src/a-countdown.ts':
          'export function countdown(from: number): number {\n  let left = from;\n  while (left !== 0) left -= 1;\n  return left;\n}\n',
        'src/b-shout.ts':
          'export function shout(text: string): string {\n  return text.at(0)!.toUpperCase();\n}\n',
      },
    });
    const report = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      fuzz: 'typed',
      fuzzTimeoutMs: 30_000,
    });
    expect(
      report.findings.map((finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId}`),
    ).toEqual(['src/a-countdown.ts:1 edge-cases/fuzz-timeout', 'src/b-shout.ts:1 edge-cases/fuzz-crash']);
    expect(report.findings[1]?.message).toMatch(/^shout\(""\) throws TypeError: /);
  }, 60_000);

  it('passes null and undefined to every parameter only in hostile mode', async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module' }),
        'tsconfig.json': tsconfig,
        'src/greet.ts':
          "export function greet(name: string): string {\n  return 'Hello, '.concat(name.trim());\n}\n",
      },
    });
    const typed = await verify({ root: project.root, customChecks: [createEdgeCasesCheck()], fuzz: 'typed' });
    expect(typed.findings).toEqual([]);
    const hostile = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      fuzz: 'hostile',
    });
    expect(hostile.findings).toEqual([
      expect.objectContaining({
        ruleId: 'edge-cases/fuzz-crash',
        message: expect.stringMatching(
          /^greet\((null|undefined)\) throws TypeError: Cannot read properties of/,
        ),
      }),
    ]);
  }, 60_000);
});

describe('tracing edge cases to tests', () => {
  const component = (cases: string[]): VerifiedComponent => ({
    id: 'prefs',
    planFile: '/repo/plan.yaml',
    planRoot: '/repo',
    edgeCases: cases.map((text, index) => ({
      case: text,
      expect: '',
      test: undefined,
      line: index + 1,
      column: 1,
    })),
  });
  const test = (fullName: string): DeclaredTest => ({
    file: '/repo/prefs.test.ts',
    line: 1,
    title: fullName.split(' > ').at(-1) ?? fullName,
    fullName,
    skipped: false,
  });

  it('reads covers: tags, several separated by semicolons', () => {
    expect(coversTags('saves (covers: no preferences row; prefs#2)')).toEqual([
      'no preferences row',
      'prefs#2',
    ]);
    expect(coversTags('saves [covers: #3]')).toEqual(['#3']);
    expect(coversTags('saves')).toEqual([]);
  });

  it('matches by the words of the situation, and needs at least half of them', () => {
    const traces = traceEdgeCases(
      component(['user with no preferences row', 'two requests at the same time']),
      [
        test('GET /preferences > returns the defaults when the user has no preferences row'),
        test('PUT /preferences > saves a row'),
      ],
    );
    expect(traces[0]).toMatchObject({
      how: 'words',
      test: { title: 'returns the defaults when the user has no preferences row' },
    });
    expect(traces[0]?.overlap?.shared).toEqual(['user', 'no', 'preference', 'row']);
    expect(traces[1]).toMatchObject({ how: undefined, test: undefined });
  });

  it('lets a tag name an edge case by number, qualified by component or not', () => {
    const traces = traceEdgeCases(component(['concurrent writes', 'unicode names']), [
      test('upserts once [covers: prefs#1]'),
      test('stores names [covers: other#2]'),
    ]);
    expect(traces.map((trace) => trace.how)).toEqual(['covers-tag', undefined]);
  });

  it('reads describe blocks, skipped tests and template titles from syntax', () => {
    const tests = declaredTests(
      '/repo/a.test.ts',
      `describe('prefs', () => {\n  it('saves', () => {});\n  it.skip(\`keeps \${'x'}\`, () => {});\n  test.todo('later');\n});\n`,
    );
    expect(tests.map((item) => [item.fullName, item.line, item.skipped])).toEqual([
      ['prefs > saves', 2, false],
      [`prefs > keeps \${'x'}`, 3, true],
      ['prefs > later', 4, true],
    ]);
  });
});
