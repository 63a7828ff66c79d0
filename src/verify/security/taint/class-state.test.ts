import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** Each flow ends in a vulnerable sink and a safe twin that differs only in the field or path read. */
const files: Record<string, string> = {
  'src/constructor-field.ts': `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
class Job {
  private readonly fallback = 'ls';
  constructor(private readonly command: string, readonly label: string) {}
  run() { execSync(this.command); }
  runFallback() { execSync(this.fallback); }
  runLabel() { execSync(this.label); }
}
export function handle(req: Request, res: Response) {
  const job = new Job(req.query.cmd, 'fixed');
  job.run();
  job.runFallback();
  job.runLabel();
  res.json({ ok: true });
}
`,
  'src/setter-getter.ts': `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
class Task {
  private target = 'ls';
  private note = 'none';
  set command(value: string) { this.target = value; }
  get command(): string { return this.target; }
  get summary(): string { return this.note; }
  describe(text: string) { this.note = text; }
  launch() { execSync(this.target); }
  launchNote() { execSync(this.note); }
}
export function handle(req: Request, res: Response) {
  const task = new Task();
  task.command = req.query.cmd;
  execSync(task.command);
  execSync(task.summary);
  task.launch();
  task.launchNote();
  task.describe(req.query.note);
  task.launchNote();
  res.json({ ok: true });
}
`,
  'src/method-chain.ts': `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
class Runner {
  private command = 'ls';
  private directory = '/tmp';
  configure(command: string) { this.command = command; return this; }
  private build() { return this.command + ' ' + this.directory; }
  private where() { return 'cd ' + this.directory; }
  start() { execSync(this.build()); }
  enter() { execSync(this.where()); }
}
export function handle(req: Request, res: Response) {
  const runner = new Runner();
  runner.configure(req.query.cmd);
  runner.start();
  runner.enter();
  res.json({ ok: true });
}
`,
  'src/untyped-class.js': `
const { execSync } = require('child_process');
class Job {
  constructor(command, label) { this.command = command; this.label = label; }
  run() { execSync(this.command); }
  runLabel() { execSync(this.label); }
}
module.exports = function handle(req, res) {
  const job = new Job(req.query.cmd, 'fixed');
  job.run();
  job.runLabel();
  res.end('ok');
};
`,
};

describe('taint follows the fields of class instances one by one', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const linesIn = (file: string): number[] =>
    report.findings
      .filter((finding) => finding.file === file && finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);

  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('carries a constructor parameter written to a field into a method reading it through this, not into its siblings', () => {
    expect(linesIn('src/constructor-field.ts')).toEqual([7]);
  });

  it('follows a setter write to a getter read and to a method, and a method write to a later read', () => {
    // Line 17 reads the setter's field through the getter; 18 reads a sibling; 19 runs the tainted
    // field (sink on 11); 20 runs the sibling before, and 22 after, a method wrote tainted text into it.
    expect(linesIn('src/setter-getter.ts')).toEqual([11, 12, 17]);
    const [noteRun, ...more] = report.findings.filter(
      (finding) => finding.file === 'src/setter-getter.ts' && finding.range.startLine === 12,
    );
    expect(more).toEqual([]);
    expect(noteRun?.message).toContain('launchNote() (line 22)');
    expect(noteRun?.message).not.toContain('line 20');
  });

  it('follows a field through a private helper method returning it', () => {
    expect(linesIn('src/method-chain.ts')).toEqual([10]);
  });

  it('does the same in untyped JavaScript with fields assigned in the constructor', () => {
    expect(linesIn('src/untyped-class.js')).toEqual([5]);
  });
});
