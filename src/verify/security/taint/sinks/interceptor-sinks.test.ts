import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/** A request interceptor that points an HTTP client's requests at a value from outside is request forgery. */
const interceptors = `
const express = require('express');
const axios = require('axios');
const app = express();
const api = axios.create({ timeout: 1000 });

let mirror = '';

api.interceptors.request.use((options) => {
  options.baseURL = mirror; // vulnerable
  options.url = '/status'; // safe
  return options;
});
axios.interceptors.request.use(function (settings) {
  settings.url = process.env.UPSTREAM_URL; // safe
  settings.timeout = mirror.length;
  return settings;
});

app.post('/mirror', async (req, res) => {
  mirror = req.body.mirror;
  await api.get('/ping');
  res.end();
});
`;

describe('HTTP client request interceptors', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/interceptors.js': interceptors });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a request target set from outside data in an interceptor of the client or an instance', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/ssrf')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(
      marked(interceptors, 'vulnerable'),
    );
  });
});
