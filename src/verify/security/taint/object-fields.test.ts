import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
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

/** Literals assigned after the declaration, also to a global that sloppy JavaScript creates by assigning to it. */
const assigned = `
const { execSync } = require('child_process');
const app = require('./server').create();
app.get('/jobs', (req, res) => {
  let job;
  job = { command: req.query.command, fallback: 'ls' };
  execSync(job.command); // vulnerable
  execSync(job.fallback); // safe
  job = { command: 'pwd' };
  execSync(job.command); // safe
  result = { term: req.query.term, count: 3 };
  execSync('grep ' + result.term); // vulnerable
  execSync('head -n ' + result.count); // safe
  res.end();
});
`;

describe('taint follows object fields one by one, and constant branches fold', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'src/flows.ts': flows, 'src/assigned.js': assigned });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 120_000);
  afterAll(() => project.remove());

  it('reports the tainted field and not its clean neighbour, in flat and nested literals, and not in a dead branch', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/flows.ts' && finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual([6, 11, 16]);
  });

  it('keeps the fields of a literal assigned later apart, forgets them when another literal is assigned, and does so for an undeclared global', () => {
    const lines = report.findings
      .filter(
        (finding) => finding.file === 'src/assigned.js' && finding.ruleId === 'security/command-injection',
      )
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual(marked(assigned, 'vulnerable'));
  });
});
