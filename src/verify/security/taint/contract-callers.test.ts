import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** URL builders the project calls itself: what the callers do with the URL decides, not the JSDoc. */
const addresses = `
const express = require('express');
const app = express();
class Links {
  /**
   * @param {import('express').Request} request the request being answered
   * @returns {string} the URL of this page's feed
   */
  static feedAddress(request) {
    return 'https://' + request.get('x-forwarded-host') + '/feed.xml';
  }
  /**
   * @param {import('express').Request} request the request being answered
   * @returns {string} the URL of the mirror to copy from
   */
  static mirrorAddress(request) {
    return 'https://' + request.headers['x-mirror-host'] + '/index.json';
  }
}
app.get('/page', (request, response) => {
  response.json({ feed: Links.feedAddress(request) });
});
app.get('/copy', async (request, response) => {
  const listing = await fetch(Links.mirrorAddress(request)); // vulnerable
  response.json(await listing.json());
});
module.exports = { Links };
`;

describe('a URL contract of a function the project calls', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'package.json': '{"name":"links"}', 'src/addresses.js': addresses });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports the URL its caller requests, not the one its caller only shows', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/addresses.js' && finding.ruleId === 'security/ssrf')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)]).toEqual(marked(addresses, 'vulnerable'));
  });
});
