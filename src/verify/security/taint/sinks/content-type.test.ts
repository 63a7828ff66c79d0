import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../../verify.js';
import { verify } from '../../../verify.js';

/** A body is markup only if the response it goes to was not set, before, to a type a browser shows as text. */
const replies = `
const express = require('express');
const server = express();
function plainType() {
  return 'text/plain; charset=utf-8';
}
function pageType() {
  return 'text/html';
}
server.get('/a', (req, res) => {
  res.header({ 'Content-Type': plainType() });
  later(() => res.send('name: ' + req.query.name));
  res.end('name: ' + req.query.name);
});
server.get('/b', (req, res) => {
  res.set('Content-Type', pageType());
  res.send('name: ' + req.query.name);
});
server.get('/c', (req, res) => {
  res.send('name: ' + req.query.name);
  res.set('Content-Type', plainType());
});
server.get('/d', (req, res) => {
  res.status(400).type('json');
  res.end('name: ' + req.query.name);
});
function later(callback) {
  setTimeout(callback, 10);
}
`;

describe('content types set on a response', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/replies.js': replies });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reads a helper or shorthand that names a text type, set before the body, as making the body text', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/replies.js' && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId]);
    expect(lines).toEqual([
      [17, 'security/xss'],
      [20, 'security/xss'],
    ]);
  });
});
