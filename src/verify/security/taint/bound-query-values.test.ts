import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** A row found by a bound value is stored data; a package that transforms a value still passes it on. */
const lookup = `
const http = require('http');
const store = require('tiny-orm');
const titleCase = require('title-case-it');

http.createServer(async (request, response) => {
  const name = new URL(request.url, 'http://localhost').searchParams.get('name');
  const row = await store.findOne('user', ' name = ? AND active = 1 ', [name]);
  console.info('found user ' + row.id); // safe
  const rows = await store.find('user', 'name LIKE :pattern', { pattern: name });
  console.info('found ' + rows[0].id); // safe
  const label = titleCase(name);
  console.info('asked for ' + label); // vulnerable
  response.end('ok');
}).listen(8080);
`;

describe('values bound to a query', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/lookup.js': lookup });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('does not carry a bound value into the rows a package returns, and still carries it through a transform', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/lookup.js' && finding.ruleId === 'security/log-injection')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual(marked(lookup, 'vulnerable'));
  });
});
