import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** A record made by a package, given one field from the request: its other fields stay clean. */
const beats = `
const express = require('express');
const store = require('row-store');
const app = express();
function settle(state, row) {
  row.state = state === 'up' ? 1 : 0;
}
app.get('/beat', async (request, response) => {
  const note = request.query.note || 'none';
  const row = store.create('beat');
  row.at = Date.now();
  row.note = note;
  if (await store.paused(row.at)) {
    row.state = 2;
  } else {
    settle(request.query.state, row);
  }
  console.log('state: ' + row.state);
  console.log('note: ' + row.note); // vulnerable
  response.send('ok');
});
`;

describe('fields of a record are tracked one by one', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'package.json': '{"name":"beats"}', 'src/beats.js': beats });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports the field that holds request data, not its sibling', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/beats.js' && finding.ruleId === 'security/log-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(beats, 'vulnerable'));
  });
});
