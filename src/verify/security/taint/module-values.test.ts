import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * A module chosen at run time is still that module: `require` of a conditional between two modules
 * with fs's API, or a project function returning one or the other. A choice that includes a module
 * without fs's API is not taken for fs.
 */
const chosen = `
const http = require('http');
const { parse } = require('url');

function storage(fast) {
  if (fast) return require('graceful-fs');
  return require('fs');
}
function codec(binary) {
  return binary ? require('zlib') : require('fs');
}

http.createServer((req, res) => {
  const file = parse(req.url, true).query.file;
  storage(true).readFileSync(file); // vulnerable
  const files = require(process.env.PATCHED ? 'original-fs' : 'fs');
  files.createReadStream(file).pipe(res); // vulnerable
  storage(false).readFileSync('/etc/motd'); // safe
  codec(false).readFileSync(file);
  res.end();
}).listen(8080);
`;

describe('modules chosen at run time', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/chosen.js': chosen });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a conditional require or a function returning fs-like modules for fs', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/path-traversal')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(chosen, 'vulnerable'));
  });
});
