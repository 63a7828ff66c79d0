import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * A function's sink fed by several of its parameters is reported for whichever one a caller taints,
 * not only for the first one the built text holds.
 */
const helpers = `
const express = require('express');
const { exec } = require('child_process');
const app = express();

function listInto(folder, pattern) {
  exec('ls ' + pattern + ' ' + folder); // vulnerable
}
function countIn(folder, pattern) {
  exec('wc -l ' + pattern); // safe
  return folder.length;
}

app.get('/list', (req, res) => {
  listInto(req.query.folder, '*.txt');
  countIn(req.query.folder, '*.log');
  res.end();
});
`;

describe('sinks fed by several parameters', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/helpers.js': helpers });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports the sink when a caller taints a parameter other than the first one built in', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)]).toEqual(marked(helpers, 'vulnerable'));
  });
});
