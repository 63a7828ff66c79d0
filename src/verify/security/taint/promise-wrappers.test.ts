import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Promisify helpers pass their arguments straight to what they wrap: a wrapped command runner, a
 * wrapped module's methods and a wrapped local function all still reach the sink. Each line marked
 * `// vulnerable` must be reported; its `// safe` twin must not.
 */
const wrappers = `
const express = require('express');
const childProcess = require('child_process');
const makePromise = require('pify');
const { promisify: wrapCall, promisifyAll: wrapAll } = require('es6-promisify');
const thenifyEvery = require('thenify-all');
const app = express();

function runTask(task) {
  childProcess.exec(task.line); // vulnerable
}
function runFixed(task) {
  childProcess.exec('uptime'); // safe
}

app.post('/tasks', async (request, response) => {
  const task = request.body;
  const line = task.line;
  const run = makePromise(childProcess.exec.bind(childProcess));
  await run(line); // vulnerable
  await run('date'); // safe
  const processes = wrapAll(childProcess);
  await processes.exec(line); // vulnerable
  await processes.exec('whoami'); // safe
  await wrapCall(childProcess.execSync)(line); // vulnerable
  await wrapCall(childProcess.execSync)('hostname'); // safe
  const every = thenifyEvery(require('child_process'), {}, ['exec']);
  await every.exec(line); // vulnerable
  await every.exec('id'); // safe
  // Only the methods named are copied onto the new object: this one is undefined and the call throws.
  await every.execSync(line); // safe
  const everyMethod = thenifyEvery(require('child_process'));
  await everyMethod.execSync(line); // vulnerable
  const runLater = wrapCall(runTask);
  await runLater(task);
  const runSafely = wrapCall(runFixed);
  await runSafely(task);
  response.end('ok');
});
`;

describe('promisify helpers', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/wrappers.js': wrappers });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);

  afterAll(() => project.remove());

  it('follows arguments through promisified functions, modules and local functions', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(wrappers, 'vulnerable'));
  });
});
