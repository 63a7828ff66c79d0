import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** Markdown rendered to HTML keeps raw markup unless the renderer escapes it or a plugin sanitises it. */
const notes = `
const express = require('express');
const createMarkdown = require('markdown-it');
const { pipeline } = require('md-pipeline');
const cleanHtml = require('hast-sanitize');
const web = express();
const rawAllowed = createMarkdown({ html: true, linkify: true });
const escaping = createMarkdown({ linkify: true });
const standard = createMarkdown('commonmark');
web.post('/notes', (req, res) => {
  const note = req.body.note;
  res.send(rawAllowed.render(note)); // vulnerable
  res.send(standard.render(note)); // vulnerable
  res.send(escaping.render(note)); // safe
  res.send(rawAllowed.use(cleanHtml).render(note)); // safe
  res.send(pipeline().use(cleanHtml).renderSync(note).toString()); // safe
  res.send(pipeline().renderSync(note).toString()); // vulnerable
});
`;

describe('Markdown renderers: raw HTML passed through, escaped or sanitised', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'src/notes.js': notes });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports renderers that keep raw HTML and not those that escape or sanitise it', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/notes.js' && finding.ruleId === 'security/xss')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(notes, 'vulnerable'));
  });
});
