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
const routeParameters = `
const express = require('express');
const { MongoClient } = require('mongodb');
const server = express();
server.use(express.json());
const tickets = new MongoClient('mongodb://localhost').db('desk').collection('tickets');
const ticketBy = (reference) => tickets.findOne({ reference });
server.get('/tickets/:reference', async (req, res) => {
  res.json(await ticketBy(req.params.reference));
});
server.get('/tickets', async (req, res) => {
  res.json(await tickets.findOne({ reference: req.query.reference }));
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
    project = createTypedProject({
      'src/flat.js': flat,
      'src/nested.js': nested,
      'src/route-parameters.js': routeParameters,
    });
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

  it('takes a route parameter, always a string cut from the path, as holding no query operators; the query string may hold objects', () => {
    expect(lines('src/route-parameters.js')).toEqual([[12, 'security/nosql-injection']]);
  });
});
