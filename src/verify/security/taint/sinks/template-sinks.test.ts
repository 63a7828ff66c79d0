import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/**
 * Template engines compile template source to code: a template string from a request is code
 * injection, while request data rendered by a fixed template is not. Each line marked `// vulnerable`
 * must be reported; its `// safe` twin must not.
 */
const engines = `
const express = require('express');
const pug = require('pug');
const ejs = require('ejs');
const { renderString } = require('nunjucks');
const Handlebars = require('handlebars');
const _ = require('lodash');
const buildTemplate = require('lodash.template');
const Mustache = require('mustache');
const webix = require('webix');
const app = express();

app.post('/cards', (request, response) => {
  const layout = request.body.layout;
  const greeting = request.body.greeting;
  const card = pug.render(layout); // vulnerable
  const fixedCard = pug.render('p= greeting', { greeting }); // safe
  const page = ejs.render(layout, {}); // vulnerable
  const fixedPage = ejs.render('<p><%= greeting %></p>', { greeting }); // safe
  const note = renderString(layout, {}); // vulnerable
  const fixedNote = renderString('{{ greeting }}', { greeting }); // safe
  const compiled = Handlebars.compile(layout); // vulnerable
  const fixedCompiled = Handlebars.compile('{{greeting}}'); // safe
  const banner = _.template(layout); // vulnerable
  const fixedBanner = _.template('<%- greeting %>'); // safe
  const footer = buildTemplate(layout); // vulnerable
  const fixedFooter = buildTemplate('<%- greeting %>'); // safe
  const line = Mustache.render(layout, {}); // vulnerable
  const fixedLine = Mustache.render('{{greeting}}', { greeting }); // safe
  webix.ui({ view: 'template', template: () => layout }); // vulnerable
  webix.ui({ view: 'template', template: 'Hello', data: { greeting } }); // safe
  response.render('card', { greeting });
  response.json([card, fixedCard, page, fixedPage, note, fixedNote, compiled, fixedCompiled]);
  response.json([banner, fixedBanner, footer, fixedFooter, line, fixedLine]);
});
`;

describe('template engines given template source', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/engines.js': engines });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);

  afterAll(() => project.remove());

  it('reports a template string from outside as code injection, not data given to a fixed template', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/code-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(engines, 'vulnerable'));
  });
});
