import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/** Schema validators trusted by what their schema admits: known keys holding primitives, nothing else. */
const store = `
import express from 'express';
import Joi from 'joi';
import Ajv from 'ajv';
import { MongoClient } from 'mongodb';
const server = express();
const client = new MongoClient('mongodb://localhost');
const items = client.db('shop').collection('items');
const closedJoi = Joi.object({ name: Joi.string().max(40), size: Joi.number() });
const openJoi = Joi.object({ name: Joi.string() }).unknown();
const ajv = new Ajv();
const closedJson = { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false };
const openJson = { type: 'object', properties: { name: { type: 'string' } } };
const checkClosed = ajv.compile(closedJson);
const checkOpen = ajv.compile(openJson);
server.post('/search', async (req, res) => {
  const filter = JSON.parse(req.query.filter);
  const first = closedJoi.validate(filter);
  if (!first.error) items.find(filter);
  const second = openJoi.validate(filter);
  if (!second.error) items.find(filter);
  if (checkClosed(filter)) items.find(filter);
  if (checkOpen(filter)) items.find(filter);
  if (ajv.validate(closedJson, filter)) items.find(filter);
  if (ajv.validate(openJson, filter)) items.find(filter);
  res.send('ok');
});
server.post('/strict', async (req, res) => {
  const filter = JSON.parse(req.query.filter);
  try {
    await closedJoi.validateAsync(filter);
    items.find(filter);
  } catch (error) {
    items.find(filter);
  }
  res.send('ok');
});
server.post('/loose', async (req, res) => {
  const filter = JSON.parse(req.query.filter);
  await openJoi.validateAsync(filter);
  items.find(filter);
  res.send('ok');
});
`;

describe('schema validators', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/store.js': store });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('clears a query object only after a schema with closed keys and primitive values passed it', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/store.js' && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId]);
    expect(lines).toEqual([21, 23, 25, 34, 41].map((line) => [line, 'security/nosql-injection']));
  });
});
