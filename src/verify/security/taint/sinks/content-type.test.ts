import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
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

/** The type that counts is the one set on every path to the write: a type set in another branch does not. */
const branches = `
const express = require('express');
const server = express();
server.get('/e', (req, res) => {
  if (req.query.raw) {
    res.setHeader('Content-Type', 'text/plain');
    res.send('note ' + req.query.note); // safe
  } else {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.send('note ' + req.query.note); // vulnerable
  }
});
server.get('/f', (req, res) => {
  res.type('text');
  if (req.query.short) res.end('note ' + req.query.note); // safe
  else res.end('long note ' + req.query.note); // safe
});
server.get('/g', (req, res) => {
  if (!req.query.note) {
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end('missing ' + req.query.note); // safe
    return;
  }
  res.writeHead(200);
  res.end('note ' + req.query.note); // vulnerable
});
server.get('/h', (req, res) => {
  res.set('Content-Type', 'text/plain');
  res.set('Content-Type', req.query.kind);
  res.send('note ' + req.query.note); // vulnerable
});
`;

describe('content types on the paths to a write', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/branches.js': branches });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a body written where the last type set on every path is markup, unset or chosen at run time', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/branches.js' && finding.ruleId === 'security/xss')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(branches, 'vulnerable'));
  });
});
