import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/** Early exits on `present && check(x) === false`: past them a value is empty or passed the check. */
const lookups = `
import type { Request } from 'express';
import { execSync } from 'node:child_process';
function plain(text: string): boolean {
  return /^[a-z0-9]+$/i.test(text);
}
function short(text: string): boolean {
  return text.length < 20;
}
export function first(req: Request) {
  const tag = req.query.tag as string;
  if (tag && plain(tag) === false) throw new Error('bad tag');
  if (tag) execSync('git show ' + tag);
}
export function second(req: Request) {
  const tag = req.query.tag as string;
  if (tag && short(tag) === false) throw new Error('bad tag');
  if (tag) execSync('git show ' + tag);
}
export function third(req: Request) {
  const tag = req.query.tag as string;
  if (plain(tag) !== true) return;
  execSync('git show ' + tag);
}
export function fourth(req: Request) {
  const tag = req.query.tag as string;
  if (plain(tag) === true) return;
  execSync('git show ' + tag);
}
`;

describe('guards combined with && and compared with booleans', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/lookups.ts': lookups });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('keeps what a check proves past an early exit and an empty value as harmless, and nothing from a check that proves nothing', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/lookups.ts' && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId]);
    expect(lines).toEqual([
      [18, 'security/command-injection'],
      [28, 'security/command-injection'],
    ]);
  });
});
