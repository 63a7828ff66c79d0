import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { Finding } from '../../finding.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Lines marked `// vulnerable` must be reported, lines marked `// safe` must not. Request flows cross
 * files through CommonJS and ES module shapes; the sinks there take a whole value (not embedded into
 * text), which library mode alone never reports, so a finding there comes from the request. The
 * `library/` files are reached by no request: their findings come from library mode.
 */
const files: Record<string, string> = {
  'src/cjs/run-command.js': `
const { execSync } = require('child_process');
module.exports = function runCommand(command) {
  execSync(command); // vulnerable
};
`,
  'src/cjs/run-twin.js': `
const { execSync } = require('child_process');
module.exports = function runTwin(command) {
  execSync(command); // safe
};
`,
  'src/cjs/helpers.js': `
const { execSync } = require('child_process');
exports.show = function show(text) {
  execSync(text); // vulnerable
};
exports.hide = (text) => {
  execSync(text); // safe
};
module.exports.list = function list(directory) {
  execSync(directory); // vulnerable
};
`,
  'src/cjs/handler.js': `
const runCommand = require('./run-command');
const runTwin = require('./run-twin.js');
const helpers = require('./helpers');
const { list } = require('./helpers');
module.exports = function handle(req, res) {
  runCommand(req.query.cmd);
  runTwin('ls');
  helpers.show(req.query.text);
  helpers.hide('ls');
  list(req.query.dir);
  res.end('ok');
};
`,
  'src/esm/exec-default.ts': `
import { execSync } from 'node:child_process';
export default function runDefault(command: string) {
  execSync(command); // vulnerable
}
`,
  'src/esm/exec-arrow.ts': `
import { execSync } from 'node:child_process';
export default (command: string) => execSync(command); // vulnerable
`,
  'src/esm/impl.ts': `
import { execSync } from 'node:child_process';
export function runNamed(command: string) {
  execSync(command); // vulnerable
}
export function runNamedTwin(command: string) {
  execSync(command); // safe
}
`,
  'src/esm/star.ts': `
import { execSync } from 'node:child_process';
export function runStar(command: string) {
  execSync(command); // vulnerable
}
export function runStarTwin(command: string) {
  execSync(command); // safe
}
`,
  'src/esm/index.ts': `
export { runNamed, runNamedTwin as twin } from './impl.js';
export * from './star.js';
export { default as runDefault } from './exec-default.js';
export { default } from './exec-arrow.js';
`,
  'src/esm/handler.ts': `
import type { Request, Response } from 'express';
import runArrow, { runDefault, runNamed, runStar, runStarTwin, twin } from './index.js';
import * as everything from './index.js';
export function handle(req: Request, res: Response) {
  runDefault(req.query.cmd);
  runArrow(req.query.cmd);
  everything.runNamed(req.query.cmd);
  twin('ls');
  runStar(req.query.cmd);
  runStarTwin('ls');
  runNamed('ls');
  res.json({ ok: true });
}
`,
  'src/library/cjs-default.js': `
const { execSync, execFileSync } = require('child_process');
module.exports = function build(name) {
  return execSync('git log ' + name); // vulnerable
};
module.exports.count = function count(term) {
  return execFileSync('grep', ['-c', term, 'file']); // safe
};
`,
  'src/library/cjs-named.js': `
const { execSync, execFileSync } = require('child_process');
exports.search = function (term) {
  execSync('grep ' + term + ' file'); // vulnerable
};
exports.tally = (term) => execFileSync('grep', ['-c', term]); // safe
`,
  'src/library/ts-default.ts': `
import { execSync, execFileSync } from 'node:child_process';
import { quoteless } from './internal.js';
export default function (directory: string) {
  return execSync('ls ' + directory); // vulnerable
}
export function show(directory: string) {
  return execFileSync('ls', [directory]); // safe
}
export function through(directory: string) {
  return quoteless(directory);
}
`,
  'src/library/internal.ts': `
import { execSync } from 'node:child_process';
export function quoteless(directory: string) {
  return execSync('du ' + directory); // vulnerable
}
`,
  'src/library/index.ts': `
export { default as listDirectory, show, through } from './ts-default.js';
export * from './internal.js';
`,
};

describe('taint crosses module shapes: CommonJS exports and require, default exports, re-exports, in library mode too', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const findingsIn = (file: string): Finding[] =>
    report.findings.filter(
      (finding) => finding.file === file && finding.ruleId === 'security/command-injection',
    );
  const linesIn = (file: string): number[] =>
    [...new Set(findingsIn(file).map((finding) => finding.range.startLine))].sort(
      (left, right) => left - right,
    );

  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it.each(
    Object.keys(files).filter(
      (file) =>
        marked(files[file] ?? '', 'vulnerable').length > 0 || marked(files[file] ?? '', 'safe').length > 0,
    ),
  )('reports the vulnerable lines of %s and none of their safe twins', (file) => {
    expect(linesIn(file)).toEqual(marked(files[file] ?? '', 'vulnerable'));
  });

  it('says which request reached a sink in another module, and which exported function a library finding is about', () => {
    const [fromRequest] = findingsIn('src/cjs/run-command.js');
    expect(fromRequest?.message).toContain('request data');
    const [fromLibrary] = findingsIn('src/library/cjs-named.js');
    expect(fromLibrary?.message).toContain('exported function search');
  });
});
