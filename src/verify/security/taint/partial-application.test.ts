import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * A partially applied function gets its fixed arguments first: `bind` with arguments, lodash's and
 * underscore's `partial`, Ramda's `partial` with a list, handed on as a callback or called later.
 * The same functions with constants fixed reach nothing.
 */
const partial = `
const express = require('express');
const { exec } = require('child_process');
const lodash = require('lodash');
const underscore = require('underscore');
const { partial: fixFirst } = require('ramda');
const app = express();

app.get('/run', (req, res) => {
  function runWith(tool, target) {
    exec(tool + ' ' + target); // vulnerable
  }
  const steps = ['a', 'b'];
  steps.forEach(runWith.bind(null, req.query.tool));
  steps.forEach(runWith.bind(null, 'echo'));
  res.end();
});

app.get('/lodash', (req, res) => {
  function archive(folder, name) {
    exec('du -sh ' + folder + '/' + name); // vulnerable
  }
  const inFolder = lodash.partial(archive, req.query.folder);
  ['x.tgz'].forEach(inFolder);
  res.end();
});

app.get('/underscore', (req, res) => {
  function greet(who, extra) {
    exec('banner ' + who); // vulnerable
  }
  const later = underscore.partial(greet, req.query.who);
  later();
  res.end();
});

app.get('/ramda', (req, res) => {
  function ping(host, count) {
    exec('ping -c 1 ' + host); // vulnerable
  }
  const pingHost = fixFirst(ping, [req.query.host]);
  [1, 2].forEach(pingHost);
  res.end();
});

app.get('/fixed', (req, res) => {
  function list(folder, pattern) {
    exec('ls ' + folder); // safe
  }
  const listHome = lodash.partial(list, '/home');
  [req.query.pattern].forEach(listHome);
  const listTmp = fixFirst(list, ['/tmp']);
  listTmp(req.query.pattern);
  res.end();
});
`;

describe('partial application', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/partial.js': partial });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('passes fixed arguments first to the function they were fixed for', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(partial, 'vulnerable'));
  });
});
