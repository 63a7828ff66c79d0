import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from './__fixtures__/fixture-project.js';
import { verify } from './verify.js';

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [] },
    include: ['src'],
  }),
  'src/email.ts': [
    'const EMAIL_PATTERN = /^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+.)+([a-zA-Z0-9]{2,4})+$/;',
    '',
    'export function isValidEmail(email: string): boolean {',
    '  return EMAIL_PATTERN.test(email);',
    '}',
    '',
  ].join('\n'),
};

describe('findings two checks make of one problem', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject({ files });
  });
  afterAll(() => project.remove());

  const run = (checks: string[]) => verify({ root: project.root, checks, nativeCompiler: 'off' });
  const summary = (
    findings: { file: string; range: { startLine: number }; ruleId: string; cwe?: string }[],
  ) =>
    findings.map((finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId} ${finding.cwe}`);

  it('reports a catastrophic regex literal once, as performance/regex-backtracking, when both checks run', async () => {
    const report = await run(['performance', 'security']);
    expect(summary(report.findings)).toEqual(['src/email.ts:1 performance/regex-backtracking CWE-1333']);
  }, 60_000);

  it('keeps security/unsafe-regex when the performance check does not run', async () => {
    const report = await run(['security']);
    expect(summary(report.findings)).toEqual(['src/email.ts:1 security/unsafe-regex CWE-1333']);
  }, 60_000);
});
