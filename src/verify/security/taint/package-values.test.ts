import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Values a package makes carry what they were made from: an instance's method results, a loader
 * called in place, a Node-style callback's result. The safe twins give the package only constants,
 * or ask a cloud client, whose answer is remote data rather than a transform of the request.
 */
const pages = `
const express = require('express');
const wiki = require('wiki-renderer');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const web = express();
const renderer = new wiki.Renderer({ tables: true });
const storage = new S3Client({});
web.post('/preview', async (req, res) => {
  const stored = await storage.send(new GetObjectCommand({ Bucket: 'notes', Key: req.body.text }));
  res.send(stored.ContentType); // safe
  res.send(renderer.toHtml(req.body.text)); // vulnerable
  res.send(renderer.toHtml('*welcome*')); // safe
  res.send(require('sprintf-lib')('<p>%s</p>', req.body.text)); // vulnerable
  res.send(require('sprintf-lib')('<p>%s</p>', 'welcome')); // safe
  wiki.compile(req.body.text, (error, page) => {
    res.send(page); // vulnerable
  });
  wiki.compile('*welcome*', (error, page) => {
    res.send(page); // safe
  });
});
`;

describe('values made by packages the analysis does not know', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'src/pages.js': pages });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('carries taint through instances, loaders called in place and result callbacks', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/pages.js' && finding.ruleId === 'security/xss')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(pages, 'vulnerable'));
  });
});
