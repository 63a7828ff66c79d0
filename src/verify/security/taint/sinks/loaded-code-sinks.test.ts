import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/** Code, templates and pages the server loads or runs by a name or text from the request. */
const source = `
const express = require('express');
const { VM, NodeVM, VMScript } = require('vm2');
const Sandbox = require('sandbox');
const safeEval = require('safe-eval');
const puppeteer = require('puppeteer');
const wkhtmltopdf = require('wkhtmltopdf');
const app = express();
app.get('/run', async (req, res) => {
  const name = req.query.name;
  require('./plugins/' + name); // vulnerable
  require('./plugins/known');
  await import(name); // vulnerable
  await import('./plugins/known.js');
  // A view name picks only a template the app's engines render (Express adds their extension): not a file read.
  res.render(\`themes/\${name}\`); // safe
  res.render('profile', { name }); // safe
  new VM().run(name); // vulnerable
  new VM({ sandbox: { name } }).run('name.length'); // safe
  new NodeVM().run('module.exports = ' + name); // vulnerable
  new VMScript(name); // vulnerable
  new Sandbox().run(name, () => undefined); // vulnerable
  safeEval(name); // vulnerable
  window.eval(name); // vulnerable
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.setContent('<h1>' + name + '</h1>'); // vulnerable
  await page.setContent('<h1>Report</h1>'); // safe
  await page.evaluate('document.title = ' + name); // vulnerable
  await page.evaluate((title) => { document.title = title; }, name); // safe
  wkhtmltopdf(name, { output: 'out.pdf' }); // vulnerable
  res.end();
});
`;

describe('sinks that load or run code and pages on the server', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/server.js': source });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a request value in a module name, sandboxed code, a page’s HTML or script, and a rendered URL', () => {
    expect(reportedLines(report.findings, 'src/server.js', 'security')).toEqual(marked(source, 'vulnerable'));
  });
});
