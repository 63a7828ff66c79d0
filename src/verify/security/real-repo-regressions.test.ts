import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../__fixtures__/fixture-project.js';
import { createTypedProject, fakeDeclarations } from '../__fixtures__/typed-packages.js';
import type { Finding } from '../finding.js';
import { type VerifyReport, verify } from '../verify.js';

/** Express's request with the path properties these cases read (the shared fake leaves them out). */
const expressCore = fakeDeclarations['node_modules/@types/express-serve-static-core/index.d.ts']?.replace(
  'params: P;',
  'params: P; path: string; originalUrl: string; url: string;',
);

/**
 * Shapes of false alarms met on a maintained open-source application, each written here from scratch
 * with a vulnerable twin: the rule that silences the safe case must still catch the unsafe one.
 */
const files: Record<string, string> = {
  'node_modules/@types/express-serve-static-core/index.d.ts': expressCore ?? '',
  'src/structured-log.ts': `
import type { Request } from 'express';
interface Problem { issues: { path: string[]; message: string }[] }
function check(value: string): { ok: true } | { ok: false; problem: Problem } {
  return value.length > 3 ? { ok: true } : { ok: false, problem: { issues: [{ path: [value], message: 'short' }] } };
}
export function onboarding(req: Request) {
  const result = check(req.get('cookie') ?? '');
  if (!result.ok) console.error(result.problem);
}
export function onboardingLine(req: Request) {
  const step = String(req.query.step ?? '');
  console.error(\`onboarding failed at \${step}\`);
}
`,
  'src/tests/mocks/mailer.ts': `
import type { Request } from 'express';
export function mockedMail(req: Request) {
  const body: string = req.body.text;
  console.info('mocked email: ' + body);
}
`,
  'src/login.test.ts': `
export const fixtureUser = { name: 'kody', password: 'kodylovesyou' };
`,
  'src/login.ts': `
export const adminUser = { name: 'kody', password: 'kodylovesyou' };
`,
  'src/breach-lookup.ts': `
import { createHash } from 'node:crypto';
export function passwordHashParts(password: string) {
  const hash = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
  return [hash.slice(0, 5), hash.slice(5)] as const;
}
export function storedPasswordHash(password: string) {
  const hash = createHash('sha1').update(password, 'utf8').digest('hex');
  return hash;
}
`,
  'src/avatar.ts': `
import type { Request } from 'express';
async function download(url: string) {
  const response = await fetch(url);
  return response.arrayBuffer();
}
async function createUser({ email, imageUrl }: { email: string; imageUrl?: string }) {
  if (imageUrl) await download(imageUrl);
  return email.toLowerCase();
}
export async function signupFromSession(req: Request) {
  const email: string = req.body.email;
  return createUser({ email, imageUrl: 'https://images.example.com/default.png' });
}
export async function signupFromForm(req: Request) {
  const imageUrl: string = req.body.imageUrl;
  return createUser({ email: 'fixed@example.com', imageUrl });
}
`,
  'src/redirects.ts': `
import type { Request, Response } from 'express';
export function httpsOnly(req: Request, res: Response, host: string) {
  res.redirect(\`https://\${host}\${req.originalUrl}\`);
}
export function noTrailingSlash(req: Request, res: Response) {
  const query = req.url.slice(req.path.length);
  const safePath = req.path.slice(0, -1).replace(/\\/+/g, '/');
  res.redirect(safePath + query);
}
export function trailingSlashUncollapsed(req: Request, res: Response) {
  const query = req.url.slice(req.path.length);
  res.redirect(req.path.slice(0, -1) + query);
}
export function backToOriginal(req: Request, res: Response) {
  res.redirect(req.originalUrl);
}
`,
};

describe('false alarms seen on a real application stay away, their vulnerable twins do not', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const at = (file: string, ruleId: string): Finding[] =>
    report.findings.filter((finding) => finding.file === file && finding.ruleId === ruleId);
  const lines = (file: string, ruleId: string): number[] =>
    at(file, ruleId)
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);

  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a logged object for structured logging and text spliced into the line for log injection', () => {
    expect(lines('src/structured-log.ts', 'security/log-injection')).toEqual([13]);
  });

  it('makes a flow in test code a note, and a password literal there test data', () => {
    const mock = at('src/tests/mocks/mailer.ts', 'security/log-injection');
    expect(mock.map((finding) => finding.severity)).toEqual(['note']);
    expect(mock[0]?.message).toContain('test code');
    expect(at('src/login.test.ts', 'security/hardcoded-secret')).toEqual([]);
    expect(at('src/login.ts', 'security/hardcoded-secret')).toHaveLength(1);
  });

  it('leaves a SHA-1 cut into a short lookup prefix alone and reports one kept whole', () => {
    expect(lines('src/breach-lookup.ts', 'security/weak-hash')).toEqual([8]);
  });

  it('follows each destructured property of an argument apart, so a tainted sibling does not reach the fetch', () => {
    const ssrf = at('src/avatar.ts', 'security/ssrf');
    expect(ssrf).toHaveLength(1);
    expect(ssrf[0]?.message).toContain('req.body.imageUrl');
    expect(ssrf[0]?.message).not.toContain('email');
  });

  it('takes a redirect whose origin the code fixes as local, and one that starts with the raw path as open', () => {
    expect(lines('src/redirects.ts', 'security/open-redirect')).toEqual([13, 16]);
  });
});
