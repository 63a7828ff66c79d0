import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { mayNameAccessor } from './accessor-names.js';
import { rememberProgram } from './checker-programs.js';

const folders: string[] = [];

function programOf(files: Record<string, string>): ts.Program {
  const folder = mkdtempSync(join(tmpdir(), 'baton-accessor-names-'));
  folders.push(folder);
  const rootNames = Object.entries(files).map(([name, text]) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  });
  return ts.createProgram({ rootNames, options: { strict: true, noEmit: true, skipLibCheck: true } });
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('mayNameAccessor', () => {
  it('answers yes for the names of getters and setters with a body, no for other names', () => {
    const program = programOf({
      'task.ts': `export class Task {
  #target = '';
  get command(): string { return this.#target; }
  set 'quoted name'(value: string) { this.#target = value; }
  get #secret(): string { return this.#target; }
  run(): string { return this.command; }
}`,
      'shape.ts': `export interface Shape { get area(): number }
export const literal = { get size() { return 1; } };`,
    });
    const checker = program.getTypeChecker();
    rememberProgram(checker, program);
    expect(mayNameAccessor(checker, 'command')).toBe(true);
    expect(mayNameAccessor(checker, 'quoted name')).toBe(true);
    expect(mayNameAccessor(checker, '#secret')).toBe(true);
    expect(mayNameAccessor(checker, 'size')).toBe(true);
    // An accessor without a body (an interface's) runs no project code; a method is not an accessor.
    expect(mayNameAccessor(checker, 'area')).toBe(false);
    expect(mayNameAccessor(checker, 'run')).toBe(false);
    expect(mayNameAccessor(checker, 'length')).toBe(false);
  });

  it('answers yes for every name when an accessor has a computed name, or the program is unknown', () => {
    const program = programOf({
      'computed.ts': `const key = 'dynamic';
export class Holder { get [key]() { return 1; } }`,
    });
    const checker = program.getTypeChecker();
    expect(mayNameAccessor(checker, 'anything')).toBe(true);
    rememberProgram(checker, program);
    expect(mayNameAccessor(checker, 'anything')).toBe(true);
  });
});
