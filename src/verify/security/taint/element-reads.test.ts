import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Pieces of a split path: the last segment is a base name, safe inside a folder and not alone; the
 * rejoined rest is a path; an array itself, or a member arrays lack, is none.
 */
const downloads = `
const fs = require('fs');
const http = require('http');
const path = require('path');
const folder = '/srv/downloads/';
function baseOf(name) {
  return path.basename(name);
}
http.createServer((request, response) => {
  const wanted = new URL(request.url, 'http://localhost').searchParams.get('file');
  const segments = wanted.split('/');
  response.write(fs.readFileSync(folder + segments[segments.length - 1]));
  // A base name alone names an entry of the working folder: \`.env\`.
  response.write(fs.readFileSync(segments[segments.length - 1])); // vulnerable
  response.write(fs.readFileSync(path.basename(wanted))); // vulnerable
  response.write(fs.readFileSync(path.join(folder, path.basename(wanted))));
  response.write(fs.readFileSync(\`\${folder}\${path.extname(wanted)}\`));
  response.write(fs.readFileSync(folder + baseOf(wanted)));
  response.write(fs.readFileSync(baseOf(wanted))); // vulnerable
  response.write(fs.readFileSync(folder + segments.slice(1).join('/'))); // vulnerable
  const pieces = wanted.split(',');
  response.write(fs.readFileSync(folder + pieces[pieces.length - 1])); // vulnerable
  response.write(fs.readFileSync(wanted.split('/').label));
  response.write(fs.readFileSync(wanted.split('/').join('/'))); // vulnerable
  // An array is no path: fs throws before it opens anything.
  response.write(fs.readFileSync(wanted.split(',')));
  response.write(fs.readFileSync(wanted.split(',')[0])); // vulnerable
  const loose = JSON.parse(wanted);
  response.write(fs.readFileSync(loose.split('/').label));
  response.write(fs.readFileSync(loose.split('/').at(-1) + loose.split('/').concat(['x']).join('/'))); // vulnerable
  response.end();
}).listen(8080);
`;

describe('elements and members of a split path', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'package.json': '{"name":"downloads"}', 'src/downloads.js': downloads });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports what can hold a slash or stands alone, not a base name in a folder or a member arrays lack', () => {
    const lines = report.findings
      .filter(
        (finding) => finding.file === 'src/downloads.js' && finding.ruleId === 'security/path-traversal',
      )
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(downloads, 'vulnerable'));
  });
});
