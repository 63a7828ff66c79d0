import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * A promise built with `new Promise` holds what its executor resolves it with: `then` callbacks and
 * `await` get that value, directly, through a helper that returns the promise, or in a callback inside
 * the executor. A promise resolved with a constant holds nothing from outside.
 */
const promises = `
const express = require('express');
const { exec } = require('child_process');
const app = express();

function later(value) {
  return new Promise((resolve, reject) => {
    setTimeout(() => resolve(value), 5);
  });
}

app.get('/promise', async (req, res) => {
  new Promise((resolve) => resolve(req.query.script))
    .then((script) => exec(script)); // vulnerable
  new Promise((resolve) => resolve('uptime'))
    .then((script) => exec(script)); // safe
  const queued = await new Promise((resolve) => {
    resolve(req.query.task);
  });
  exec(queued); // vulnerable
  later(req.query.job).then((job) => exec(job)); // vulnerable
  later('whoami').then((job) => exec(job)); // safe
  later(req.query.name)
    .then((name) => name.trim())
    .then((name) => exec('finger ' + name)); // vulnerable
  later(req.query.pid)
    .then((pid) => Number.parseInt(pid, 10))
    .then((pid) => exec('kill ' + pid)); // safe
  res.end('ok');
});
`;

describe('promises built with new Promise', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/promises.js': promises });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('hands what the executor resolves with to then callbacks and await, and each then what the last returned', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(promises, 'vulnerable'));
  });
});
