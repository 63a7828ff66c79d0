import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/** Markdown rendered to HTML: safe to send once a sanitising plugin runs in the pipeline, not before. */
const preview = `
const express = require('express');
const { unified } = require('unified');
const parseMarkdown = require('remark-parse');
const toHtml = require('remark-html');
const cleanHtml = require('rehype-sanitize');
const app = express();
app.post('/preview', (req, res) => {
  const text = req.body.text;
  res.send(unified().use(parseMarkdown).use(cleanHtml).use(toHtml).processSync(text).toString());
  res.send(unified().use(parseMarkdown).use(toHtml).processSync(text).toString());
});
`;

describe('markup pipelines, with a vulnerable twin', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/preview.js': preview });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a pipeline that runs a sanitising plugin as escaping its HTML', () => {
    const found = report.findings
      .filter((finding) => finding.file === 'src/preview.js' && finding.checkId === 'security')
      .map((finding) => [finding.range.startLine, finding.ruleId]);
    expect(found).toEqual([[11, 'security/xss']]);
  });
});
