import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { analyseTaint } from './taint-analysis.js';

/** Closures that each call the one before twice: walked naively, 2^depth walks. */
function closureTower(depth: number): string {
  const lines = ['  const f0 = () => execSync(command);'];
  for (let level = 1; level <= depth; level++)
    lines.push(`  const f${level} = () => { f${level - 1}(); f${level - 1}(); };`);
  return `export function tower(req: Request) {\n  const command: string = req.query.cmd;\n${lines.join('\n')}\n  f${depth}();\n}\n`;
}

/** Many classes whose methods hand fields to one another, many collections and emitters. */
function generatedState(classes: number): string {
  const parts: string[] = [];
  for (let index = 0; index < classes; index++) {
    parts.push(`
class Service${index} {
  private store: string[] = [];
  private readonly lookup = new Map<string, string>();
  constructor(private readonly name: string, private readonly next?: Service${Math.max(0, index - 1)}) {}
  set value(text: string) { this.store.push(text); this.lookup.set(this.name, text); }
  get value(): string { return this.store.join(' ') + (this.lookup.get(this.name) ?? ''); }
  relay(text: string) { this.value = text; this.next?.relay(this.value); return this.value; }
  run() { bus.emit('run${index % 7}', this.value); return [this.name, ...this.store].map((part) => part.trim()); }
}
bus.on('run${index % 7}', (text: string) => { const parts = text.split(' '); parts.forEach((part) => part.length); });
export function use${index}(req: Request) {
  const service = new Service${index}('s${index}');
  service.relay(req.query.cmd);
  const { store } = { store: service.run() };
  for (const part of store) if (part === 'stop') execSync(part);
  return JSON.parse(JSON.stringify({ store }));
}`);
  }
  return parts.join('\n');
}

const header = `import type { Request } from 'express';
import { execSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
`;

describe('the analysis of object state and function values stays bounded', () => {
  let project: FixtureProject;
  let program: ts.Program;
  let files: string[];
  beforeAll(() => {
    project = createTypedProject({
      'src/tower.ts': `${header}${closureTower(40)}`,
      'src/services.ts': `${header}${generatedState(50)}`,
    });
    const config = ts.getParsedCommandLineOfConfigFile(
      join(project.root, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    if (!config) throw new Error('no tsconfig');
    files = config.fileNames;
    program = ts.createProgram(files, config.options);
    // The gate's type check runs first and leaves the checker warm; so does this.
    for (const file of files) program.getSemanticDiagnostics(program.getSourceFile(file));
  }, 120_000);
  afterAll(() => project.remove());

  it('ends a tower of closures calling each other twice at the step budget, with a note, still reporting the flow', () => {
    const tower = files.filter((file) => file.endsWith('tower.ts'));
    const reasons: string[] = [];
    const reports = analyseTaint(program, tower, {
      envSources: false,
      libraryMode: false,
      onIncomplete: (_file, _node, reason) => reasons.push(reason),
    });
    expect(reports.length).toBeGreaterThan(0);
    expect(reasons.join('\n')).toContain('budget');
  });

  it('analyses a large generated file of classes, collections and emitters in bounded time', () => {
    const services = files.filter((file) => file.endsWith('services.ts'));
    const sourceFile = program.getSourceFile(services[0] ?? '');
    expect(sourceFile?.text.length).toBeGreaterThan(45_000);
    const reasons: string[] = [];
    analyseTaint(program, services, {
      envSources: false,
      libraryMode: true,
      onIncomplete: (_file, _node, reason) => reasons.push(reason),
    });
    // The walk ends on its own or at the step budget, never at a time-out; how long it takes is a bench figure.
    for (const reason of reasons) expect(reason).toContain('budget');
  });
});
