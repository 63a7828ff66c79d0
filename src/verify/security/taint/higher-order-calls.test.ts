import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * A project function that calls the callback it was given with its own parameters' data hands that
 * data to the callback; what it passes from elsewhere (a counter, a constant) is clean.
 */
const helpers = `
const express = require('express');
const { exec } = require('child_process');
const app = express();

function eachInTurn(items, visit) {
  let index = 0;
  (function next() {
    if (index < items.length) visit(items[index++], index, next);
  })();
}
function withLabel(record, use) {
  use(record.label, 'fixed');
}

app.post('/batch', (req, res) => {
  eachInTurn(req.body.commands, (command) => exec(command)); // vulnerable
  eachInTurn(req.body.commands, (command, position) => exec('echo ' + position)); // safe
  withLabel(req.body, (label, other) => exec('figlet ' + label)); // vulnerable
  withLabel(req.body, (label, other) => exec('figlet ' + other)); // safe
  res.end();
});
`;

describe('callbacks called by project functions', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/helpers.js': helpers });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('hands a callback the data its caller passes from the function parameters it reads', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(helpers, 'vulnerable'));
  });
});
