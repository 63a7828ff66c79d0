import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/** Hand-written escapers read by what their character switch writes, and a serialiser by its options. */
const pages = `
const express = require('express');
const serialize = require('serialize-javascript');
const server = express();
const CODES = { OPEN: 60, AMP: 38 };
function first(input) {
  let out = '';
  for (const letter of String(input)) {
    switch (letter) {
      case '<': out += '&lt;'; break;
      case '&': out += '&amp;'; break;
      default: out += letter;
    }
  }
  return out;
}
function second(input) {
  const pieces = [];
  let at = 0;
  while (at < input.length) {
    const code = input.charCodeAt(at++);
    switch (code) {
      case CODES.OPEN: pieces.push('&#60;'); break;
      default: pieces.push(String.fromCharCode(code));
    }
  }
  return pieces.join('');
}
function third(input) {
  let out = '';
  for (const letter of String(input)) {
    switch (letter) {
      case '"': out += '&quot;'; break;
      case '&': out += '&amp;'; break;
      default: out += letter;
    }
  }
  return out;
}
function fourth(input) {
  let out = '';
  for (const letter of String(input)) {
    switch (letter) {
      case '<': out += '&lt;'; break;
      default: out += letter;
    }
  }
  return input;
}
server.get('/a', (req, res) => {
  res.send(first(req.query.q));
  res.send(second(req.query.q));
  res.send(third(req.query.q));
  res.send(fourth(req.query.q));
  res.send(serialize(req.query.q));
  res.send(serialize(req.query.q, { isJSON: true }));
  res.send(serialize(req.query.q, { unsafe: true }));
});
`;

describe('hand-written escapers and serialisers', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/pages.js': pages });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('trusts a character switch that writes an entity for "<", never one that skips it or returns its input', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/pages.js' && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId]);
    expect(lines).toEqual([
      [53, 'security/xss'],
      [54, 'security/xss'],
      [57, 'security/xss'],
    ]);
  });
});
