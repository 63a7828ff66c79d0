import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Where a value lands in a URL built from text decides what it can change: a whole path segment after
 * a fixed host still walks the target's paths (`../admin`); a query, or the middle of a segment, does not.
 */
const requests = `
const express = require('express');
const axios = require('axios');
const web = express();
const settings = require('./settings');
web.get('/proxy', async (req, res) => {
  const item = req.query.item;
  await axios.get('https://stock.internal.test/' + item); // vulnerable
  await axios.get(\`https://stock.internal.test/v2/\${settings.region}/\${item}\`); // vulnerable
  await axios.get(\`\${settings.origin}/items/\${item}\`); // vulnerable
  await axios.get('https://stock.internal.test/items?id=' + item); // safe
  await axios.get(\`https://stock.internal.test/items/sku-\${item}\`); // safe
  await axios.get('https://stock.internal.test/items/' + encodeURIComponent(item)); // safe
  res.end();
});
`;

const redirects = `
const express = require('express');
const web = express();
web.get('/go', (req, res) => {
  const place = req.query.place;
  res.redirect('/' + ('/' + place)); // vulnerable
  res.redirect('/' + ('x/' + place)); // safe
  res.redirect('/shop/' + place); // safe
});
`;

describe('URLs built from text: what the tainted part can reach', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const lines = (file: string, ruleId: string): number[] => [
    ...new Set(
      report.findings
        .filter((finding) => finding.file === file && finding.ruleId === ruleId)
        .map((finding) => finding.range.startLine)
        .sort((left, right) => left - right),
    ),
  ];
  beforeAll(async () => {
    project = createTypedProject({
      'src/requests.js': requests,
      'src/redirects.js': redirects,
      'src/settings.js': 'module.exports = { region: "eu", origin: "https://stock.internal.test" };\n',
    });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a value that starts a path segment after a fixed host, not one in a query or inside a segment', () => {
    expect(lines('src/requests.js', 'security/ssrf')).toEqual(marked(requests, 'vulnerable'));
  });

  it('reads neighbouring constant texts as one, so a protocol-relative start is seen through parentheses', () => {
    expect(lines('src/redirects.js', 'security/open-redirect')).toEqual(marked(redirects, 'vulnerable'));
  });
});
