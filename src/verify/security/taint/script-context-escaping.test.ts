import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** Text put inside a script element is safe once jsesc is told it goes there, and only then. */
const widget = `
const http = require('http');
const jsesc = require('jsesc');

http.createServer((request, response) => {
  const theme = new URL(request.url, 'http://localhost').searchParams.get('theme');
  const inScript = jsesc(theme, { isScriptContext: true });
  const plain = jsesc(theme);
  response.setHeader('Content-Type', 'text/html');
  response.write('<script>start(' + "'" + inScript + "'" + ')</script>'); // safe
  response.end('<script>start(' + "'" + plain + "'" + ')</script>'); // vulnerable
}).listen(8080);
`;

describe('jsesc for a script element', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/widget.js': widget });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('cleans text for HTML with isScriptContext, not without', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/widget.js' && finding.ruleId === 'security/xss')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual(marked(widget, 'vulnerable'));
  });
});
