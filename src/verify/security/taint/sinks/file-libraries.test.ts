import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/**
 * fs-like modules' wider API and single-purpose file packages take paths: a path from a request reaches
 * the file system through them. Each line marked `// vulnerable` must be reported; its `// safe` twin
 * must not.
 */
const libraries = `
const express = require('express');
const fse = require('fs-extra');
const electronFs = require('original-fs');
const makeFolder = require('mkdirp');
const { rimrafSync } = require('rimraf');
const readPackage = require('read-pkg');
const findModule = require('resolve');
const app = express();

app.post('/folders', (request, response) => {
  const folder = request.body.folder;
  fse.ensureDirSync(folder); // vulnerable
  fse.ensureDirSync('/srv/uploads'); // safe
  fse.copySync('/srv/template', folder); // vulnerable
  fse.copySync('/srv/template', '/srv/copy'); // safe
  electronFs.readFileSync(folder); // vulnerable
  electronFs.readFileSync('/srv/settings.json'); // safe
  makeFolder(folder); // vulnerable
  makeFolder('/srv/cache'); // safe
  rimrafSync(folder); // vulnerable
  rimrafSync('/srv/cache'); // safe
  readPackage.sync({ cwd: folder }); // vulnerable
  readPackage.sync({ cwd: '/srv/app' }); // safe
  const plugin = require(folder); // vulnerable
  const parser = require('./parser'); // safe
  findModule.sync(folder); // vulnerable
  findModule('lodash', { basedir: '/srv/app' }, () => {}); // safe
  response.end('done');
});
`;

describe('paths given to file libraries', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/libraries.js': libraries });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);

  afterAll(() => project.remove());

  it('reports a request path reaching fs-extra, fs replacements, mkdirp, rimraf, read-pkg, require and resolve', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/path-traversal')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(libraries, 'vulnerable'));
  });
});
