import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';
import { rawOutputs } from './view-templates.js';

describe('the raw outputs of view templates', () => {
  const folder = mkdtempSync(join(tmpdir(), 'baton-views-'));
  const write = (name: string, text: string): string => {
    const file = join(folder, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const found = (file: string) => rawOutputs(file).map(({ root, fields, line }) => ({ root, fields, line }));

  it('reads EJS `<%- %>`, following constant includes, and not `<%= %>`', () => {
    write('partials/head.ejs', '<title><%- page.title %></title>\n');
    const file = write(
      'page.ejs',
      "<%- include('partials/head') %>\n<p><%= name %></p>\n<p><%- user['bio'] -%></p>\n<%- include(dynamic) %>\n",
    );
    expect(found(file)).toEqual([
      { root: 'page', fields: ['title'], line: 1 },
      { root: 'user', fields: ['bio'], line: 3 },
    ]);
  });

  it('reads Pug `tag!= x` and `!{x}`, not a comparison in a condition', () => {
    const file = write(
      'page.pug',
      'if user != null\n  p= user.name\n  div.bio!= user.bio\n  p Hello !{greeting}\n',
    );
    expect(found(file)).toEqual([
      { root: 'user', fields: ['bio'], line: 3 },
      { root: 'greeting', fields: [], line: 4 },
    ]);
  });

  it('reads Handlebars `{{{x}}}` but not a helper’s output or `{{x}}`, and Nunjucks `| safe`', () => {
    const handlebars = write('page.hbs', '{{title}}\n{{{ body.html }}}\n{{{markdown text}}}\n');
    expect(found(handlebars)).toEqual([{ root: 'body', fields: ['html'], line: 2 }]);
    const nunjucks = write('page.njk', '{{ title }}\n{{ post.content | safe }}\n');
    expect(found(nunjucks)).toEqual([{ root: 'post', fields: ['content'], line: 2 }]);
  });
});

const app = `
const express = require('express');
const app = express();
app.set('view engine', 'ejs');
app.get('/search', (req, res) => {
  const output = { products: [], searchTerm: req.query.q };
  res.render('products', {
    output, // vulnerable
    title: 'Search',
    safe: req.query.q,
  });
});
app.get('/fixed', (req, res) => {
  res.render('products', {
    output: { products: [], searchTerm: 'shoes' },
    title: 'Fixed',
    safe: req.query.q,
  });
});
app.get('/titled', (req, res) => {
  res.render('products', {
    output: { products: [] },
    title: req.query.title, // vulnerable
    safe: req.query.q,
  });
});
app.get('/callback', (req, res) => {
  res.render('products', { output: { products: [] }, title: 'x', safe: req.query.q }, (error, html) => {
    res.send(html); // safe
  });
});
`;

describe('res.render with a view that writes a local raw', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({
      'src/app.js': app,
      'views/products.ejs':
        "<%- include('partials/header') %>\n<h1><%= safe %></h1>\n<p>Results for <%- output.searchTerm %></p>\n",
      'views/partials/header.ejs': '<title><%- title %></title>\n',
    });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports request data in a local the template writes raw, directly or in an include, and names the template line', () => {
    const findings = report.findings.filter(
      (finding) => finding.file === 'src/app.js' && finding.ruleId === 'security/xss',
    );
    expect(reportedLines(findings, 'src/app.js', 'security/xss')).toEqual(marked(app, 'vulnerable'));
    expect(findings.map((finding) => finding.message).join('\n')).toContain(
      'views/products.ejs:3 <%- output.searchTerm %>',
    );
  });
});
