import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../../__fixtures__/fixture-project.js';
import { type VerifyReport, verify } from '../../verify.js';
import { skipReason } from './analysis-limits.js';
import { analyseTaint } from './taint-analysis.js';

const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    allowJs: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['src'],
});
const vulnerable =
  "import { execSync } from 'node:child_process';\nexport function run(req: any) {\n  execSync('ls ' + req.query.dir);\n}\n";
const minifiedLine = `var a=${'1+'.repeat(1_500)}1;`;
const files: Record<string, string> = {
  'package.json': '{"name":"limits","type":"module"}',
  'tsconfig.json': tsconfig,
  'src/broken.ts': `${vulnerable}export function ( {\n`,
  'src/minified.js': `${minifiedLine}${minifiedLine}\n${vulnerable.replace(/: any/, '')}`,
  'src/bundle.js': `(function(modules) { function __webpack_require__(id) { return modules[id]; } })([]);\n${vulnerable.replace(/: any/, '')}`,
  'src/fine.ts': vulnerable,
};

describe('bad input ends as a note, never a crash', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createFixtureProject({ files });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 120_000);
  afterAll(() => project.remove());

  it('leaves out files that do not parse, are minified or are bundles, with a note that says why', () => {
    const notes = report.findings.filter((finding) => finding.ruleId === 'security/analysis-incomplete');
    const byFile = Object.fromEntries(notes.map((note) => [note.file, note.message]));
    expect(byFile['src/broken.ts']).toContain('does not parse');
    expect(byFile['src/minified.js']).toContain('minified');
    expect(byFile['src/bundle.js']).toContain('generated bundle');
    expect(notes.every((note) => note.severity === 'note')).toBe(true);
    expect(
      report.findings.some(
        (finding) => finding.file === 'src/fine.ts' && finding.ruleId === 'security/command-injection',
      ),
    ).toBe(true);
  });

  it('stops a function at its step budget and says so', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(project.root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    if (!config) throw new Error('no tsconfig');
    const fine = join(project.root, 'src/fine.ts');
    const program = ts.createProgram([fine], config.options);
    const reasons: string[] = [];
    const reports = analyseTaint(program, [fine], {
      envSources: false,
      libraryMode: false,
      stepBudget: 2,
      onIncomplete: (_file, _node, reason) => reasons.push(reason),
    });
    expect(reports).toEqual([]);
    expect(reasons.join('\n')).toContain('budget of 2 steps');
    expect(analyseTaint(program, [fine], { envSources: false, libraryMode: false })).toHaveLength(1);
  });

  it('reads ordinary source as analysable', () => {
    const sourceFile = ts.createSourceFile('fine.ts', vulnerable, ts.ScriptTarget.ES2022, true);
    expect(skipReason(sourceFile)).toBeUndefined();
  });
});
