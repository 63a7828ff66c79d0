import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../verify/index.js';
import { formatFindingsJson, formatFindingsText } from './findings-text.js';

const report: VerifyReport = {
  root: '/repo',
  findings: [],
  checks: [
    { id: 'types', durationMs: 120, findings: 0, files: 1 },
    { id: 'api', durationMs: 80, findings: 0, files: 38 },
    { id: 'tests', durationMs: 900, findings: 0 },
  ],
  filesVerified: 38,
  engine: 'native',
  compiler: { version: '7.0.2', source: 'project', apiVersion: '6.0.3' },
  scope: 'tsconfig',
  notices: [
    "tsconfig.json references packages/web/tsconfig.json, which does not exist: that project's files were not checked.",
  ],
  durationMs: 1500,
};

describe('the text summary of a verify run', () => {
  it("says each check's file count, the compiler version and why the scope may be small", () => {
    expect(formatFindingsText(report)).toBe(
      [
        "warning: tsconfig.json references packages/web/tsconfig.json, which does not exist: that project's files were not checked.",
        "no findings in 38 files (types 1 file 120 ms, api 38 files 80 ms, tests 900 ms; compiler: TypeScript 7.0.2 (project's) via native tsc; 1500 ms)",
        '',
      ].join('\n'),
    );
  });

  it("names the project's version when Baton's native compiler stood in for it", () => {
    const standIn = {
      ...report,
      notices: [],
      compiler: { version: '7.0.2', source: 'bundled' as const, apiVersion: '6.0.3', standsInFor: '6.0.3' },
    };
    expect(formatFindingsText(standIn)).toContain(
      "compiler: TypeScript 7.0.2 (bundled, for the project's 6.0.3) via native tsc;",
    );
  });

  it('keeps the compiler, scope and notices in the JSON report', () => {
    expect(JSON.parse(formatFindingsJson(report))).toMatchObject({
      compiler: { version: '7.0.2', source: 'project' },
      scope: 'tsconfig',
      notices: [expect.stringContaining('packages/web')],
    });
  });
});
