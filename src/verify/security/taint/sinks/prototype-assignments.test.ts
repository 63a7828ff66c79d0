import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/** `settings[section][name] = value` with `section` = `'__proto__'` writes onto Object.prototype. */
const source = `
const express = require('express');
const app = express();
app.use(express.json());
const settings = {};
const registry = Object.create(null);
app.post('/settings', (req, res) => {
  const { section, name, value } = req.body;
  settings[section][name] = value; // vulnerable
  settings[section].updatedAt = Date.now(); // vulnerable
  settings.display[name] = value; // safe
  settings[name] = value; // safe
  registry[section][name] = value; // safe
  settings[String(section).replace(/_/g, '')].seen = true; // safe
  settings[String(section).replace('_', '-')].seen = true; // safe
  settings[String(section).replace('_', '')].seen = true; // vulnerable
  res.end();
});
app.post('/guarded', (req, res) => {
  const { section, name, value } = req.body;
  if (section === '__proto__' || section === 'constructor') return res.status(400).end();
  settings[section][name] = value; // safe
  res.end();
});
app.post('/owned', (req, res) => {
  const key = req.query.key;
  if (Object.prototype.hasOwnProperty.call(settings, key)) settings[key].touched = true; // safe
  res.end();
});
const todos = {};
app.put('/todos/:id', (req, res) => {
  const todo = todos[req.params.id];
  if (!todo) return res.status(404).end();
  todo.title = req.body.title; // vulnerable
  res.end();
});
app.put('/config', (req, res) => {
  const parts = String(req.body.path).split('.');
  let node = settings;
  for (let index = 0; index < parts.length - 1; index += 1) node = node[parts[index]];
  node[parts[parts.length - 1]] = req.body.value; // vulnerable
  res.end();
});
app.put('/owned-todos/:id', (req, res) => {
  if (!Object.hasOwn(todos, req.params.id)) return res.status(404).end();
  const todo = todos[req.params.id];
  todo.title = req.body.title; // safe
  res.end();
});
app.post('/fixed', (req, res) => {
  const section = 'display';
  settings[section][req.body.name] = req.body.value; // safe
  res.end();
});
`;

describe('prototype-polluting assignments', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/settings.js': source });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a write through an object looked up by a request key, directly or through a local, not one into the object itself, a prototype-less object, or after the key is refused', () => {
    const findings = report.findings.filter(
      (finding) => finding.file === 'src/settings.js' && finding.ruleId === 'security/prototype-pollution',
    );
    expect(reportedLines(findings, 'src/settings.js', 'security/prototype-pollution')).toEqual(
      marked(source, 'vulnerable'),
    );
    expect(findings[0]?.cwe).toBe('CWE-1321');
  });
});
