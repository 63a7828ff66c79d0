import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/**
 * A path normalised and then glued after text from code keeps any `..` it had: Express's sendFile
 * refuses such a path, the file system does not; normalising the whole path collapses them for both.
 */
const files = `
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
export function download(req: Request, res: Response) {
  const name = req.query.name as string;
  res.sendFile(process.cwd() + path.join('public', name));
  res.sendFile(path.join(process.cwd(), 'public', name));
  res.send(readFileSync(process.cwd() + path.join('public', name)));
}
`;

describe('paths normalised before text is glued in front, with vulnerable twins', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/files.ts': files });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('lets sendFile refuse the `..` a prefixed path keeps, and reports the others', () => {
    const found = report.findings
      .filter((finding) => finding.file === 'src/files.ts' && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId])
      .sort(([left], [right]) => Number(left) - Number(right));
    expect(found).toEqual([
      [8, 'security/path-traversal'],
      [9, 'security/path-traversal'],
    ]);
  });
});
