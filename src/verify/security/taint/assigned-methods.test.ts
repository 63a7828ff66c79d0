import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** A sink stored on an object as a method, wrapped in a promise or not, is still the sink where it is called. */
const stored = `
const express = require('express');
const childProcess = require('child_process');
const { promisify } = require('util');
const toolbox = createToolbox();
toolbox.run = promisify(childProcess.exec);
toolbox.start = childProcess.exec;
toolbox.measure = (text) => text.length;
const app = express();

app.get('/tools', async (req, res) => {
  await toolbox.run(req.query.command); // vulnerable
  await toolbox.run('uptime'); // safe
  toolbox.start('ping -c 1 ' + req.query.host); // vulnerable
  toolbox.measure(req.query.command); // safe
  res.end();
});

function createToolbox() {
  return Object.create(null);
}
`;

describe('sinks stored on an object as methods', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/stored.js': stored });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a stored command runner where it is called with request data', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(stored, 'vulnerable'));
  });
});
