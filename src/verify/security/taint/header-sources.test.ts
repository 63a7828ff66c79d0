import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** Header values reach a log line safely (no line break gets past the parser); query and body text does not. */
const proxy = `
import express from 'express';
const app = express();
app.get('/where', (req, res) => {
  console.info('forwarded for ' + req.headers['x-forwarded-for']); // safe
  console.info(\`origin \${req.get('origin')}\`); // safe
  console.info('host ' + req.hostname); // safe
  console.info('asked for ' + req.query.page); // vulnerable
  console.info('note: ' + req.body.note + ' via ' + req.header('user-agent')); // vulnerable
  res.redirect(String(req.headers.referer)); // redirect
  res.end();
});
`;

describe('request headers as a source', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/proxy.ts': proxy });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  const lines = (ruleId: string) =>
    report.findings
      .filter((finding) => finding.file === 'src/proxy.ts' && finding.ruleId === ruleId)
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);

  it('reports query and body text written into a log line, not header values', () => {
    expect(lines('security/log-injection')).toEqual(marked(proxy, 'vulnerable'));
  });

  it('keeps header values tainted for every other sink', () => {
    expect(lines('security/open-redirect')).toEqual(marked(proxy, 'redirect'));
  });
});
