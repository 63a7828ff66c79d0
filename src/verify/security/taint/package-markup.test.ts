import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** An SVG card builder that escapes every value it places into its elements. */
const escapingBuilder = {
  'node_modules/card-svg/package.json': '{"name":"card-svg","main":"lib/main.js"}',
  'node_modules/card-svg/lib/main.js': `
const { quote } = require('./quote');
function drawCard(spec) {
  const title = quote(spec.title || '');
  const body = quote(spec.body || '');
  return '<svg xmlns="http://www.w3.org/2000/svg"><text y="10">' + title + '</text><text y="30">' + body + '</text></svg>';
}
module.exports = { drawCard };
`,
  'node_modules/card-svg/lib/quote.js': `
const table = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };
exports.quote = (text) => String(text).replace(/[<>&"]/g, (character) => table[character]);
`,
};

/** The same builder without the escaping: values go into the markup as they are. */
const rawBuilder = {
  'node_modules/card-svg-plain/package.json': '{"name":"card-svg-plain","main":"index.js"}',
  'node_modules/card-svg-plain/index.js': `
exports.drawCard = (spec) => '<svg><text y="10">' + spec.title + '</text></svg>';
`,
};

/** A template filler with an escaper for its data, handed the caller's own template text. */
const templateFiller = {
  'node_modules/fill-in/package.json': '{"name":"fill-in","main":"fill.js"}',
  'node_modules/fill-in/fill.js': `
const entities = { '<': '&lt;', '&': '&amp;' };
const safe = (value) => String(value).replace(/[<&]/g, (character) => entities[character]);
exports.fill = (template, data) => template.replace(/{(\\w+)}/g, (_, key) => safe(data[key])) + '<br>';
`,
};

const routes = `
const express = require('express');
const { drawCard } = require('card-svg');
const plain = require('card-svg-plain');
const { fill } = require('fill-in');
const app = express();
app.get('/card', (req, res) => {
  const spec = { title: req.query.title };
  spec.body = req.query.body;
  res.type('image/svg+xml');
  res.send(drawCard(spec)); // safe
});
app.get('/plain', (req, res) => {
  const spec = { title: req.query.title };
  res.send(plain.drawCard(spec)); // vulnerable
});
app.get('/filled', (req, res) => {
  res.send(fill('<p>' + req.query.greeting + '</p>', {})); // vulnerable
});
`;

describe('markup built by an installed package from structured data', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({
      ...escapingBuilder,
      ...rawBuilder,
      ...templateFiller,
      'src/cards.js': routes,
    });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('trusts a builder whose own code escapes what it places, and no other package', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/cards.js' && finding.ruleId === 'security/xss')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(routes, 'vulnerable'));
  });
});
