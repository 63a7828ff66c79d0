import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** Request data logged as a value of its own is printed structured; spliced into the message, it forges lines. */
const hooks = `
const express = require('express');
const app = express();
app.use(express.json());
const audit = {
  record(topic, ...details) {
    console.info(new Date().toISOString(), topic, ...details);
  },
};
const trace = {
  record(topic, ...details) {
    console.info(new Date().toISOString(), topic, ...details); // vulnerable
  },
};
app.post('/hook', (req, res) => {
  audit.record('payload', req.body);
  audit.record('headers', req.headers);
  trace.record('sender ' + req.body.sender);
  console.warn('received', req.body, req.query);
  console.warn('received from ' + req.body.sender); // vulnerable
  res.send('ok');
});
`;

describe('request data given to a logger as a value of its own', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'package.json': '{"name":"hooks"}', 'src/hooks.js': hooks });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports text spliced into the message, not parsed collections passed as arguments', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/hooks.js' && finding.ruleId === 'security/log-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(hooks, 'vulnerable'));
  });
});
