import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/** Packages that read or write the file at a path they are given; each vulnerable line has a safe twin. */
const files: Record<string, string> = {
  'src/stream-file.js': `
const http = require('http');
const streamFile = require('send');
http.createServer((req, res) => {
  const wanted = decodeURIComponent(req.url.slice(1));
  streamFile(req, wanted).pipe(res); // vulnerable
  streamFile(req, wanted, { root: '/srv/docs' }).pipe(res); // safe
  streamFile(req, '/srv/docs/index.html').pipe(res); // safe
});
`,
  'src/uploads.js': `
const express = require('express');
const uploads = require('express-fileupload');
const web = express();
web.use(uploads());
web.post('/avatar', (req, res) => {
  req.files.picture.mv(req.body.saveAs); // vulnerable
  req.files.picture.mv('/srv/avatars/current.png'); // safe
  res.end();
});
`,
};

describe('file paths handed to packages that open them', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it.each(Object.keys(files))('reports the vulnerable lines of %s and none of their safe twins', (file) => {
    const lines = report.findings
      .filter((finding) => finding.file === file && finding.ruleId === 'security/path-traversal')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(
      marked(files[file] ?? '', 'vulnerable'),
    );
  });
});
