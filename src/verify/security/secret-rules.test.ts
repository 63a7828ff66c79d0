import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../__fixtures__/fixture-project.js';
import { createTypedProject } from '../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../verify.js';
import { findSecrets } from './secret-rules.js';

const localLogin = `
export const unreachable = 'mysql://nobody:wrong@localhost:13306/shop';
`;
const remoteLogin = `
export const shared = 'postgres://reporting:Xk29fjQ7@db.internal.example.com:5432/sales';
`;

describe('connection strings in test code', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({
      'src/tests/local.test.ts': localLogin,
      'src/tests/remote.test.ts': remoteLogin,
      'src/settings.ts': localLogin,
    });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('tells a login to a server on this machine from one to a server elsewhere', async () => {
    const [local] = await findSecrets('a.ts', localLogin);
    const [remote] = await findSecrets('b.ts', remoteLogin);
    expect(local?.loopback).toBe(true);
    expect(remote?.loopback).toBe(false);
  });

  it("leaves a test's local login alone and reports the remote one, and any in product code", () => {
    const files = report.findings
      .filter((finding) => finding.ruleId === 'security/hardcoded-secret')
      .map((finding) => finding.file)
      .sort();
    expect(files).toEqual(['src/settings.ts', 'src/tests/remote.test.ts']);
  });
});
