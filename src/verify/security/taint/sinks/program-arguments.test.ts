import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/**
 * Programs whose script argument is data: a shell or interpreter chosen by code that only ever holds
 * constants, argument lists built step by step, and command runners beyond child_process. Each line
 * marked `// vulnerable` must be reported; its `// safe` twin must not.
 */
const runners = `
const childProcess = require('child_process');
const util = require('util');
const express = require('express');
const router = express.Router();

function shellOf() {
  return '/bin/sh';
}

function listerOf() {
  return 'ls';
}

function terminalOf(platform) {
  if (platform === 'windows') return { program: 'cmd.exe', flag: '/c' };
  return { program: '/usr/bin/env', flag: '--' };
}

router.post('/jobs', (request, response) => {
  const job = request.body.job;
  let program;
  let flag;
  if (request.body.windows) program = 'powershell', flag = '-Command';
  else program = '/bin/zsh', flag = '-c';
  childProcess.spawn(program, [flag, job]); // vulnerable
  childProcess.spawn('/bin/zsh', ['-c', 'echo "$1"', 'zsh', job]); // safe
  childProcess.spawn(shellOf(), ['-c', job]); // vulnerable
  childProcess.spawn(listerOf(), ['-c', job]); // safe
  const terminal = terminalOf(process.platform);
  childProcess.execFileSync(terminal.program, [terminal.flag, 'echo'].concat(['done', job])); // vulnerable
  childProcess.execFileSync('/usr/bin/env', ['--', 'echo'].concat(['done', job])); // safe
  const steps = [];
  steps[0] = '-' + 'c';
  steps[1] = job; // vulnerable
  childProcess.execFile('/bin/' + 'dash', steps);
  const listing = [];
  listing[0] = '-l';
  listing[1] = job;
  childProcess.execFile('/bin/ls', listing); // safe
  childProcess.execFileSync('python3', ['-c', job]); // vulnerable
  childProcess.execFileSync('python3', ['-c', 'print(' + JSON.stringify(job) + ')']); // safe
  childProcess.execFileSync('python3', ['report.py', job]); // safe
  childProcess.spawnSync('bash', ['-lc', job]); // vulnerable
  childProcess.spawnSync('bash', ['-l', 'report.sh', job]); // safe
  childProcess.spawnSync('perl', ['-p', '-e', job, 'notes.txt']); // vulnerable
  childProcess.spawnSync('perl', ['-p', '-e', 's/a/b/', job]); // safe
  util.promisify(childProcess.exec)('notify ' + job); // vulnerable
  util.promisify(childProcess.exec)('uptime'); // safe
  response.end('queued');
});
module.exports = router;
`;

const remote = `
const express = require('express');
const { Client } = require('ssh2');
const { SSH2Stream } = require('ssh2-streams');
const terminals = require('node-pty');
const openInBrowser = require('opener');
const vm = require('vm');
const app = express();

app.post('/remote', (request, response) => {
  const line = request.body.line;
  const connection = new Client();
  connection.exec(line, () => {}); // vulnerable
  connection.exec('uptime', () => {}); // safe
  const stream = new SSH2Stream();
  stream.exec(0, line); // vulnerable
  stream.exec(0, 'uptime'); // safe
  const session = terminals.spawn('bash', [], { cols: 80, rows: 24 });
  session.write(line); // vulnerable
  session.write('uptime\\r'); // safe
  openInBrowser('https://example.com/', { command: line }); // vulnerable
  openInBrowser('https://example.com/' + encodeURIComponent(line), { command: 'firefox' }); // safe
  new vm.SourceTextModule(line); // vulnerable
  new vm.SourceTextModule('export default 1;'); // safe
  response.end('ok');
});
`;

describe('programs and their script arguments, by what code gives them', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const linesIn = (file: string): number[] =>
    [
      ...new Set(
        report.findings
          .filter(
            (finding) =>
              finding.file === file &&
              (finding.ruleId === 'security/command-injection' ||
                finding.ruleId === 'security/code-injection'),
          )
          .map((finding) => finding.range.startLine),
      ),
    ].sort((left, right) => left - right);

  beforeAll(async () => {
    project = createTypedProject({ 'src/runners.js': runners, 'src/remote.js': remote });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a script handed to a shell or interpreter chosen by constants, at the element that carries it', () => {
    expect(linesIn('src/runners.js')).toEqual(marked(runners, 'vulnerable'));
  });

  it('reports commands run over SSH, typed into a pseudo-terminal, or named as an opener, and code compiled by vm', () => {
    expect(linesIn('src/remote.js')).toEqual(marked(remote, 'vulnerable'));
  });
});
