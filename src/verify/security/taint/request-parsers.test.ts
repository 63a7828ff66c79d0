import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/** Request parts judged by what they can hold: string-only bodies, and the client's own cookies. */
const flat = `
const express = require('express');
const parsers = require('body-parser');
const { MongoClient } = require('mongodb');
const server = express();
server.use(parsers.urlencoded({ extended: false }));
const notes = new MongoClient('mongodb://localhost').db('app').collection('notes');
server.post('/notes', (req, res) => {
  notes.find({ owner: req.body.owner });
  notes.find({ owner: req.query.owner });
  res.send('saved ' + req.cookies[req.query.which]);
  res.send('saved ' + req.query.which);
});
`;
const nested = `
const express = require('express');
const parsers = require('body-parser');
const { MongoClient } = require('mongodb');
const server = express();
server.use(parsers.urlencoded({ extended: false }));
server.use(parsers.json());
const notes = new MongoClient('mongodb://localhost').db('app').collection('notes');
server.post('/notes', (req, res) => {
  notes.find({ owner: req.body.owner });
  res.end();
});
`;

describe('request parts', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const lines = (file: string) =>
    report.findings
      .filter((finding) => finding.file === file && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId]);

  beforeAll(async () => {
    project = createTypedProject({ 'src/flat.js': flat, 'src/nested.js': nested });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a body parsed only to strings as holding no query operators, and a cookie echoed back as no reflected XSS', () => {
    expect(lines('src/flat.js')).toEqual([
      [10, 'security/nosql-injection'],
      [12, 'security/xss'],
    ]);
  });

  it('keeps a body that a JSON parser may have turned into objects tainted', () => {
    expect(lines('src/nested.js')).toEqual([[10, 'security/nosql-injection']]);
  });
});
