import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Lines marked `// vulnerable` must be reported as command injection, lines marked `// safe` must
 * not. Where the sink sits in a function of its own, the safe twin is an identical function that is
 * only ever given constant data.
 */
const callbacks = `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
function runOne(command: string) { execSync(command); } // vulnerable
function runTwin(command: string) { execSync(command); } // safe
function runLater(command: string) { execSync(command); } // vulnerable
function runLaterTwin(command: string) { execSync(command); } // safe
function runResolved(command: string) { execSync(command); } // vulnerable
async function lookup(req: Request) { return req.query.cmd as string; }
export async function handle(req: Request, res: Response) {
  const list: string[] = [req.query.cmd];
  const calm: string[] = ['ls'];
  list.forEach((item) => execSync(item)); // vulnerable
  calm.forEach((item) => execSync(item)); // safe
  list.forEach(runOne);
  calm.forEach(runTwin);
  execSync(list.map((item) => item.trim()).join(' ')); // vulnerable
  execSync(list.map(() => 'ls').join(' ')); // safe
  execSync(list.filter((item) => item.length > 0).join(' ')); // vulnerable
  execSync(calm.filter((item) => item.length > 0).join(' ')); // safe
  execSync(list.reduce((text, item) => text + ' ' + item, '')); // vulnerable
  execSync(calm.reduce((text, item) => text + ' ' + item, '')); // safe
  execSync(list.find((item) => item.startsWith('a')) ?? ''); // vulnerable
  execSync(calm.find((item) => item.startsWith('a')) ?? ''); // safe
  Promise.resolve(req.query.cmd).then((value) => execSync(value)); // vulnerable
  Promise.resolve('ls').then((value) => execSync(value)); // safe
  Promise.resolve(req.query.cmd).then(runResolved);
  execSync(await Promise.resolve(req.query.cmd)); // vulnerable
  execSync(await lookup(req)); // vulnerable
  execSync(await Promise.resolve('ls')); // safe
  const command: string = req.query.cmd;
  setTimeout(() => execSync(command), 10); // vulnerable
  setTimeout(() => execSync('ls'), 10); // safe
  setTimeout(runLater, 10, command);
  setImmediate(runLaterTwin, 'ls');
  res.json({ ok: true });
}
`;

const emitters = `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
function onLog(text: string) { execSync('logger ' + text); } // safe
bus.on('run', (command: string) => execSync(command)); // vulnerable
bus.on('log', onLog);
bus.on('quiet', (command: string) => execSync(command)); // safe
export function handle(req: Request, res: Response) {
  bus.emit('run', req.query.cmd);
  bus.emit('log', 'started');
  bus.emit('quiet', 'ls');
  res.json({ ok: true });
}
`;

const closures = `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
function makeRunner(command: string) { return () => execSync(command); } // vulnerable
function makeTwin(command: string) { return () => execSync(command); } // safe
export function handle(req: Request, res: Response) {
  const command: string = req.query.cmd;
  const fixed = 'ls';
  const run = () => execSync(command); // vulnerable
  const runFixed = () => execSync(fixed); // safe
  function nested() { execSync('nice ' + command); } // vulnerable
  function nestedFixed() { execSync('nice ' + fixed); } // safe
  run();
  runFixed();
  nested();
  nestedFixed();
  makeRunner(command)();
  makeTwin(fixed)();
  res.json({ ok: true });
}
`;

const reflection = `
import type { Request, Response } from 'express';
import * as cp from 'node:child_process';
const actions = {
  run(command: string) { cp.execSync(command); }, // vulnerable
  show(text: string) { return text.length; },
};
const calmActions = {
  run(command: string) { cp.execSync(command); }, // safe
};
function direct(command: string) { cp.execSync(command); } // vulnerable
function directTwin(command: string) { cp.execSync(command); } // safe
function applied(command: string) { cp.execSync(command); } // vulnerable
function bound(command: string) { cp.execSync(command); } // vulnerable
function boundTwin(command: string) { cp.execSync(command); } // safe
export function handle(req: Request, res: Response, kind: 'run' | 'show') {
  const name = 'run';
  actions[name](req.query.cmd);
  actions[kind](req.query.cmd);
  calmActions[name]('ls');
  const method = 'execSync';
  cp[method](req.query.cmd); // vulnerable
  cp[method]('ls'); // safe
  direct.call(null, req.query.cmd);
  directTwin.call(null, 'ls');
  applied.apply(null, [req.query.cmd]);
  const later = bound.bind(null, req.query.cmd);
  later();
  const laterTwin = boundTwin.bind(null, 'ls');
  laterTwin();
  res.json({ ok: true });
}
`;

const untyped = `
const { execSync } = require('child_process');
const { EventEmitter } = require('events');
const bus = new EventEmitter();
bus.on('run', (command) => execSync(command)); // vulnerable
bus.on('quiet', (command) => execSync(command)); // safe
const handlers = {
  run(command) { execSync(command); }, // vulnerable
};
module.exports = function handle(req, res) {
  const command = req.query.cmd;
  [command].forEach((item) => execSync(item)); // vulnerable
  ['ls'].forEach((item) => execSync(item)); // safe
  const run = () => execSync('nice ' + command); // vulnerable
  run();
  bus.emit('run', command);
  bus.emit('quiet', 'ls');
  handlers[req.query.action](command);
  res.end('ok');
};
`;

const files: Record<string, string> = {
  'src/callbacks.ts': callbacks,
  'src/emitters.ts': emitters,
  'src/closures.ts': closures,
  'src/reflection.ts': reflection,
  'src/untyped.js': untyped,
};

describe('taint follows functions passed as values: callbacks, promises, emitters, timers, closures, reflection', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const linesIn = (file: string): number[] => [
    ...new Set(
      report.findings
        .filter((finding) => finding.file === file && finding.ruleId === 'security/command-injection')
        .map((finding) => finding.range.startLine)
        .sort((left, right) => left - right),
    ),
  ];

  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it.each(Object.keys(files))('reports the vulnerable lines of %s and none of their safe twins', (file) => {
    expect(linesIn(file)).toEqual(marked(files[file] ?? '', 'vulnerable'));
  });
});
