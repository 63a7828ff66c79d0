import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * A hook or middleware that stores client data on the request or response hands it to every later
 * handler: reading that field is reading the request. Fields the server fills itself stay clean.
 */
const hooks = `
const server = require('fastify')();
const { execSync } = require('child_process');
const querystring = require('querystring');

server.addHook('preHandler', async (incoming, reply) => {
  incoming.jobName = incoming.body.job;
  incoming.startedAt = Date.now();
  reply.trace = { origin: incoming.headers['x-origin'] || 'none' };
  incoming.filters = querystring.parse(incoming.raw.url.split('?')[1] || '');
});

server.post('/jobs', async (incoming, reply) => {
  execSync('run-job ' + incoming.jobName); // vulnerable
  execSync('stamp ' + incoming.startedAt); // safe
  execSync('trace ' + reply.trace.origin); // vulnerable
  execSync('filter ' + incoming.filters.kind); // vulnerable
  execSync('limit ' + incoming.limits); // safe
  return { ok: true };
});
`;

const middleware = `
const express = require('express');
const { exec } = require('child_process');
const app = express();

app.use((req, res, next) => {
  req.context.target = req.query.target || 'default';
  res.locals.version = '1.2.0';
  next();
});

app.get('/deploy', (req, res) => {
  exec('deploy ' + req.context.target); // vulnerable
  exec('tag ' + res.locals.version); // safe
  res.end();
});
`;

describe('client data a hook stores on the request or response', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/hooks.js': hooks, 'src/middleware.js': middleware });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  const lines = (file: string) => [
    ...new Set(
      report.findings
        .filter((finding) => finding.file === file && finding.ruleId === 'security/command-injection')
        .map((finding) => finding.range.startLine),
    ),
  ];

  it('reads a field a Fastify hook set from the request as request data, in a later route', () => {
    expect(lines('src/hooks.js').sort((left, right) => left - right)).toEqual(marked(hooks, 'vulnerable'));
  });

  it('reads a field Express middleware set from the query as request data, and not one it set to a constant', () => {
    expect(lines('src/middleware.js').sort((left, right) => left - right)).toEqual(
      marked(middleware, 'vulnerable'),
    );
  });
});
