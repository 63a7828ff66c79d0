import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/** Each case a vulnerable line and a safe twin that differs only in where the request goes. */
const files: Record<string, string> = {
  'src/options-later.js': `
const express = require('express');
const fetchLib = require('request');
const web = express();
web.post('/mirror', (req, res) => {
  const settings = {};
  settings.uri = req.body.target;
  fetchLib(settings); // vulnerable
  const fixed = {};
  fixed.uri = 'https://status.internal.test/ping';
  fixed.qs = { site: req.body.target };
  fetchLib(fixed); // safe
  res.end();
});
`,
  'src/browser-drivers.js': `
const express = require('express');
const protocol = require('chrome-remote-interface');
const headless = require('puppeteer');
const web = express();
web.get('/snapshot', async (req, res) => {
  const devtools = await protocol({ port: 9222 });
  devtools.Page.navigate({ url: req.query.page }); // vulnerable
  devtools.Page.navigate({ url: 'https://docs.internal.test/' }); // safe
  protocol({ port: 9222 }, (session) => {
    session.Page.navigate({ url: req.query.page }); // vulnerable
  });
  const chrome = await headless.launch();
  const tab = await chrome.newPage();
  await tab.goto(req.query.page); // vulnerable
  await tab.goto('https://docs.internal.test/'); // safe
  res.end();
});
`,
  'src/closure-xhr.js': `
const express = require('express');
const Transport = goog.require('goog.net.XhrIo');
const Address = goog.require('goog.Uri');
const web = express();
web.get('/relay', (req, res) => {
  Transport.send(new Address(req.query.to)); // vulnerable
  new Transport().send(new Address(req.query.to)); // vulnerable
  Transport.send(new Address('https://feeds.internal.test/')); // safe
  res.end();
});
`,
  'src/koa-routes.js': `
const Koa = require('koa');
const routes = require('koa-route');
const axios = require('axios');
const site = new Koa();
site.use(
  routes.get('/status/:node', async (ctx, node) => {
    ctx.body = (await axios.get('https://' + node + '/health')).status; // vulnerable
    ctx.body = (await axios.get('https://health.internal.test/check?node=' + node)).status; // safe
  }),
);
`,
};

describe('outgoing requests are sinks whatever shape names their destination', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it.each(Object.keys(files))('reports the vulnerable lines of %s and none of their safe twins', (file) => {
    const lines = report.findings
      .filter((finding) => finding.file === file && finding.ruleId === 'security/ssrf')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(
      marked(files[file] ?? '', 'vulnerable'),
    );
  });
});
