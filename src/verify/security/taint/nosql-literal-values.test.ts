import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** A JSON body can hold `{ "$ne": null }` where a string is expected; these keep it a value. */
const source = `
const express = require('express');
const validator = require('validator');
const { MongoClient } = require('mongodb');
const app = express();
app.use(express.json());
const users = new MongoClient('mongodb://localhost').db('app').collection('users');
app.post('/login', async (req, res) => {
  await users.findOne({ email: req.body.email }); // vulnerable
  await users.findOne({ email: { $eq: req.body.email } }); // safe
  await users.findOne({ email: { $ne: req.body.email } }); // vulnerable
  const email = validator.normalizeEmail(req.body.email);
  await users.findOne({ email }); // safe
  await users.findOne({ credentialId: Buffer.from(req.body.id, 'base64url') }); // safe
  const trimmed = req.body.name.trim();
  await users.findOne({ name: req.body.name }); // vulnerable
  res.json({ trimmed });
});
`;

describe('NoSQL filters whose request values cannot carry operators', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/login.js': source });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a value under `$eq`, text from validator and bytes from Buffer.from as values, and reports a body field given as it came', () => {
    expect(reportedLines(report.findings, 'src/login.js', 'security/nosql-injection')).toEqual(
      marked(source, 'vulnerable'),
    );
  });
});
