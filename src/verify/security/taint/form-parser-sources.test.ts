import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Listeners on a streaming multipart parser get what the request's body held: a parser known by its
 * package, or any emitter the handler pipes the request into. Status events and emitters that never
 * see the request hand on nothing.
 */
const uploads = `
const http = require('http');
const { EventEmitter } = require('events');
const { execSync } = require('child_process');
const createParser = require('busboy');
const multiparty = require('multiparty');

http.createServer((request, response) => {
  const parser = createParser({ headers: request.headers });
  parser.on('field', (name, value) => {
    execSync('notify ' + value); // vulnerable
  });
  parser.on('error', (problem) => {
    execSync('notify ' + problem.code); // safe
  });
  request.pipe(parser);

  const form = new multiparty.Form();
  form.on('part', (part) => {
    execSync('store ' + part.filename); // vulnerable
  });
  form.parse(request);

  const uploadsByStream = new EventEmitter();
  uploadsByStream.on('entry', (entry) => {
    execSync('store ' + entry); // vulnerable
  });
  request.pipe(uploadsByStream);

  const timers = new EventEmitter();
  timers.on('tick', (count) => {
    execSync('tick ' + count); // safe
  });
  timers.emit('tick', 1);
  response.end('ok');
}).listen(8080);
`;

describe('multipart parsers as sources of request data', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/uploads.js': uploads });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('taints the parameters of a parser’s data events, not its status events or an unrelated emitter', () => {
    const lines = report.findings
      .filter(
        (finding) => finding.file === 'src/uploads.js' && finding.ruleId === 'security/command-injection',
      )
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual(marked(uploads, 'vulnerable'));
  });
});
