import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/** hapi writes what a route's handler returns as the body; the same shape elsewhere is a plain return. */
const routes = `
const Hapi = require('@hapi/hapi');
const site = Hapi.server({ port: 8080 });
site.route({
  method: 'GET',
  path: '/hello',
  handler: (request) => '<h1>Hello ' + request.query.name + '</h1>', // vulnerable
});
site.route([
  {
    method: 'GET',
    path: '/bye',
    handler(request) {
      return '<h1>Bye ' + request.query.name + '</h1>'; // vulnerable
    },
  },
  {
    method: 'GET',
    path: '/count',
    handler(request) {
      return { size: String(request.query.name).length }; // safe
    },
  },
]);
const notes = new Map();
notes.route({
  handler(request) {
    return '<h1>' + request.query.name + '</h1>'; // safe
  },
});
`;

describe('a response made of what a route handler returns', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'src/routes.js': routes });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it("reports a hapi handler's returned markup, not a returned object nor another library's route", () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/routes.js' && finding.ruleId === 'security/xss')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(routes, 'vulnerable'));
  });
});
