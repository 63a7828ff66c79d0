import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/** URLs built by code: where the request's data lands decides whether it can move the target elsewhere. */
const joins = `
import type { Request, Response } from 'express';
export function listing(req: Request, res: Response) {
  const page = req.query.page as string;
  res.redirect(['/catalogue?page=', page].join(''));
  res.redirect(['/catalogue', '?from=old'].join('') + '&page=' + page);
  res.redirect([page, '?from=old'].join(''));
}
`;

const bases = `
import type { Request } from 'express';
import { loadSettings } from './settings.js';
export async function proxy(req: Request) {
  const rest = req.query.rest as string;
  const base: string = loadSettings().apiBase;
  await fetch(\`\${base}\${rest}\`);
  const scheme: 'http://' | 'https://' = req.secure ? 'https://' : 'http://';
  await fetch(\`\${scheme}\${rest}\`);
}
`;

const settings = `
export function loadSettings(): { apiBase: string } {
  return { apiBase: 'https://api.internal.example' };
}
`;

describe('the origin of a URL built by code, with vulnerable twins', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const found = (file: string): [number, string][] =>
    report.findings
      .filter((finding) => finding.file === file && finding.checkId === 'security')
      .map((finding): [number, string] => [finding.range.startLine, finding.ruleId])
      .sort(([left], [right]) => left - right);

  beforeAll(async () => {
    project = createTypedProject({
      'src/joins.ts': joins,
      'src/bases.ts': bases,
      'src/settings.ts': settings,
    });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reads a join of an array written in place as the string it builds', () => {
    expect(found('src/joins.ts')).toEqual([[7, 'security/open-redirect']]);
  });

  it('takes a base URL the code computed as fixing the host, but not a bare scheme', () => {
    expect(found('src/bases.ts')).toEqual([[9, 'security/ssrf']]);
  });
});
