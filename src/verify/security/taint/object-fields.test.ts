import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

const flows = `
import type { IncomingMessage } from 'node:http';
import { execSync } from 'node:child_process';
export function objectField(request: IncomingMessage) {
  const job = { command: request.url ?? '', fallback: 'ls' };
  execSync(job.command);
  execSync(job.fallback);
}
export function nestedField(request: IncomingMessage) {
  const job = { inner: { command: request.url ?? '', fallback: 'ls' } };
  execSync(job.inner.command);
  execSync(job.inner.fallback);
}
export function constantBranch(request: IncomingMessage) {
  if (false) execSync(request.url ?? '');
  if (true) execSync(request.url ?? '');
}
`;

describe('taint follows object fields one by one, and constant branches fold', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'src/flows.ts': flows });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 120_000);
  afterAll(() => project.remove());

  it('reports the tainted field and not its clean neighbour, in flat and nested literals, and not in a dead branch', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual([6, 11, 16]);
  });
});
