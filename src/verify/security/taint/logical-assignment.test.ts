import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/** Logical assignments: the right side of `||=` and `??=` sees only an empty left, `&&=` replaces a truthy one. */
const files = `
import type { Request } from 'express';
import { readFileSync } from 'node:fs';
export function load(req: Request) {
  const name = req.query.name as string;
  let first = name;
  first ||= readFileSync(first, 'utf8');
  let second = name;
  second ??= readFileSync(second, 'utf8');
  let third = name;
  third &&= readFileSync(third, 'utf8');
  let fourth = name;
  fourth &&= 'index.html';
  readFileSync(fourth, 'utf8');
  let fifth = name;
  fifth ||= 'index.html';
  readFileSync(fifth, 'utf8');
}
`;

describe('logical assignments', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/load.ts': files });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reads a left side that is falsy, nullish or replaced as harmless, and a kept truthy one as tainted', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/load.ts' && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId]);
    expect(lines).toEqual([
      [11, 'security/path-traversal'],
      [17, 'security/path-traversal'],
    ]);
  });
});
