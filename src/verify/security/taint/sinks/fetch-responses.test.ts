import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/**
 * A WHATWG `Response` built from request data is a page unless its headers say a type browsers do not
 * render as markup. Each line marked `// vulnerable` must be reported; its `// safe` twin must not.
 */
const handlers = `
const express = require('express');
const app = express();

app.post('/preview', (request) => {
  const draft = request.body.draft;
  const plain = new Headers();
  plain.append('Content-Type', 'text/plain; charset=utf-8');
  const markup = new Headers([]);
  markup.append('X-Frame-Options', 'DENY');
  const responses = [
    new Response(draft), // vulnerable
    new Response(draft, { headers: { 'CONTENT-TYPE': 'application/json' } }), // safe
    new Response(draft, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }), // vulnerable
    new Response(draft, { headers: plain }), // safe
    new Response(draft, { headers: markup }), // vulnerable
    new Response('<p>saved</p>', { headers: markup }), // safe
  ];
  return responses;
});
`;

describe('WHATWG Response bodies', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/handlers.js': handlers });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);

  afterAll(() => project.remove());

  it('reports request data as a Response body unless a non-markup content type is set', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/xss')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(handlers, 'vulnerable'));
  });
});
