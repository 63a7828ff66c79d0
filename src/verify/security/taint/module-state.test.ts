import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * A module-level variable that one handler sets from request data holds that data for every other
 * function that reads it; one that handlers set only from constants or server values does not.
 */
const state = `
const express = require('express');
const { exec } = require('child_process');
const app = express();

let lastHost = 'localhost';
let lastRun = 0;

app.post('/target', (req, res) => {
  const { host } = req.body;
  lastHost = host;
  lastRun = Date.now();
  res.end();
});

function probe() {
  exec('ping -c 1 ' + lastHost); // vulnerable
  exec('echo ' + lastRun); // safe
}

setInterval(probe, 60000);
`;

describe('module-level state set from request data', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/state.js': state });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reads a variable a handler set from the request as request data in other functions', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(state, 'vulnerable'));
  });
});
