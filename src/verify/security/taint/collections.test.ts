import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Each line marked `// vulnerable` must be reported as command injection and each line marked
 * `// safe` must not: every vulnerable flow has a safe twin that differs only in the data it holds.
 */
const typed = `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
export function indices(req: Request, res: Response) {
  const parts = [req.query.cmd, 'ls'];
  execSync(parts[0]); // vulnerable
  execSync(parts[1]); // safe
  const [first, second] = parts;
  execSync(first); // vulnerable
  execSync(second); // safe
  res.json({ ok: true });
}
export function mutators(req: Request, res: Response) {
  const list: string[] = ['ls'];
  list.push(req.query.cmd);
  execSync(list.join(' ')); // vulnerable
  execSync(list[0]); // safe
  const calm: string[] = ['ls'];
  calm.push('pwd');
  execSync(calm.join(' ')); // safe
  const queue: string[] = ['ls'];
  queue.unshift(req.query.cmd);
  execSync(queue.shift() ?? ''); // vulnerable
  const still: string[] = ['ls', 'pwd'];
  execSync(still.shift() ?? ''); // safe
  execSync(list.pop() ?? ''); // vulnerable
  execSync(calm.pop() ?? ''); // safe
  const items = ['a'];
  items.splice(0, 0, req.query.cmd);
  execSync(items[0]); // vulnerable
  const fixed = ['a', 'b'];
  fixed.splice(1, 1);
  execSync(fixed[0]); // safe
  execSync(['ls'].concat([req.query.cmd]).slice(1).join(' ')); // vulnerable
  execSync(['ls'].concat(['pwd']).slice(1).join(' ')); // safe
  res.json({ ok: true });
}
export function mapsAndSets(req: Request, res: Response) {
  const options = new Map<string, string>();
  options.set('cmd', req.query.cmd);
  execSync(options.get('cmd') ?? ''); // vulnerable
  const defaults = new Map<string, string>();
  defaults.set('cmd', 'ls');
  execSync(defaults.get('cmd') ?? ''); // safe
  const seen = new Set<string>();
  seen.add(req.query.cmd);
  for (const item of seen.values()) execSync(item); // vulnerable
  const known = new Set<string>(['ls']);
  for (const item of known.values()) execSync(item); // safe
  res.json({ ok: true });
}
export function objects(req: Request, res: Response) {
  const flags = { command: req.query.cmd as string, fallback: 'ls' };
  const calmFlags = { command: 'ls', fallback: 'pwd' };
  execSync(Object.values(flags).join(' ')); // vulnerable
  execSync(Object.values(calmFlags).join(' ')); // safe
  for (const [, value] of Object.entries(flags)) execSync(value); // vulnerable
  for (const [, value] of Object.entries(calmFlags)) execSync(value); // safe
  execSync(Object.keys(req.body).join(' ')); // vulnerable
  execSync(Object.keys(calmFlags).join(' ')); // safe
  const copy = { ...flags, extra: 'x' };
  execSync(copy.command); // vulnerable
  execSync(copy.fallback); // safe
  const { command, fallback } = flags;
  execSync(command); // vulnerable
  execSync(fallback); // safe
  const all = [...Object.values(flags), 'x'];
  execSync(all.join(' ')); // vulnerable
  for (const part of [req.query.cmd, 'x']) execSync(part); // vulnerable
  for (const part of ['ls', 'pwd']) execSync(part); // safe
  const roundTrip = JSON.parse(JSON.stringify(flags));
  execSync(roundTrip.command); // vulnerable
  const calmTrip = JSON.parse(JSON.stringify(calmFlags));
  execSync(calmTrip.command); // safe
  res.json({ ok: true });
}
`;

const untyped = `
const { execSync } = require('child_process');
module.exports = function handle(req, res) {
  const list = ['ls'];
  list.push(req.query.cmd);
  execSync(list.join(' ')); // vulnerable
  execSync(list[0]); // safe
  const options = new Map();
  options.set('cmd', req.query.cmd);
  execSync(options.get('cmd')); // vulnerable
  const { command, fallback } = { command: req.query.cmd, fallback: 'ls' };
  execSync(command); // vulnerable
  execSync(fallback); // safe
  res.end('ok');
};
`;

describe('taint follows collections: indices, mutators, Map and Set, Object helpers, spread, destructuring, JSON', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const linesIn = (file: string): number[] =>
    report.findings
      .filter((finding) => finding.file === file && finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);

  beforeAll(async () => {
    project = createTypedProject({ 'src/typed.ts': typed, 'src/untyped.js': untyped });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports every vulnerable line and none of its safe twins, with typed express requests', () => {
    expect(linesIn('src/typed.ts')).toEqual(marked(typed, 'vulnerable'));
  });

  it('does the same in untyped JavaScript', () => {
    expect(linesIn('src/untyped.js')).toEqual(marked(untyped, 'vulnerable'));
  });
});
