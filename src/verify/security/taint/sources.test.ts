import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { matchSource } from './sources.js';

const folder = mkdtempSync(join(tmpdir(), 'baton-sources-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The checker, counting the type questions asked of it. */
function countingChecker(checker: ts.TypeChecker): { checker: ts.TypeChecker; asked: () => number } {
  let count = 0;
  const counting = Object.create(checker) as ts.TypeChecker;
  counting.getTypeAtLocation = (node: ts.Node) => {
    count += 1;
    return checker.getTypeAtLocation(node);
  };
  return { checker: counting, asked: () => count };
}

function accessesOf(sourceFile: ts.SourceFile): Map<string, ts.Expression> {
  const accesses = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node))
      accesses.set(node.getText(sourceFile), node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return accesses;
}

describe('matchSource', () => {
  it('asks the checker about the root only where the chain has the shape of a request read', () => {
    const file = join(folder, 'handler.ts');
    writeFileSync(
      file,
      `export function handle(req: any, options: { value: string; count(): number }) {
  const name = req.query.name;
  const value = options.value;
  const count = options.count();
  return [name, value, count];
}`,
    );
    const program = ts.createProgram({ rootNames: [file], options: { strict: true, noEmit: true } });
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) throw new Error('fixture not in the program');
    const accesses = accessesOf(sourceFile);
    const { checker, asked } = countingChecker(program.getTypeChecker());
    const read = (text: string) => {
      const node = accesses.get(text);
      if (!node) throw new Error(`no ${text} in the fixture`);
      return matchSource(checker, node, { envSources: false });
    };
    expect(read('options.value')).toBeUndefined();
    expect(read('options.count()')).toBeUndefined();
    expect(asked()).toBe(0);
    expect(read('req.query.name')).toMatchObject({ category: 'request', label: 'req.query.name' });
    expect(asked()).toBeGreaterThan(0);
  });
});
