import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** A catch clause's variable holds what the try block throws, directly or from a project function. */
const accounts = `
const http = require('http');
const { URL } = require('url');

function requireKnownPlan(plan) {
  if (plan !== 'basic' && plan !== 'pro') throw new Error('unknown plan ' + plan);
}
function requireShortPlan(plan) {
  if (plan.length > 8) throw new Error('plan name too long');
}

http.createServer((request, response) => {
  const plan = new URL(request.url, 'http://localhost').searchParams.get('plan');
  try {
    requireKnownPlan(plan);
  } catch (failure) {
    console.error('rejected: ' + failure.message); // vulnerable
  }
  try {
    requireShortPlan(plan);
  } catch (failure) {
    console.error('rejected: ' + failure.message); // safe
  }
  try {
    if (!plan) throw \`missing plan in \${request.url}\`;
  } catch (failure) {
    console.warn(failure); // vulnerable
  }
  try {
    if (!plan) throw 'missing plan';
  } catch (failure) {
    console.warn(failure); // safe
  }
  response.end('ok');
}).listen(8080);
`;

describe('values thrown into a catch clause', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/accounts.js': accounts });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a caught error built from request data at a log call, and not a caught constant', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/accounts.js' && finding.ruleId === 'security/log-injection')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual(marked(accounts, 'vulnerable'));
  });
});
