import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sinkRange } from './security-finding.js';

function firstCall(text: string): { sourceFile: ts.SourceFile; call: ts.CallExpression } {
  const sourceFile = ts.createSourceFile('sink.js', text, ts.ScriptTarget.Latest, true);
  let call: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (!call && ts.isCallExpression(node)) call = node;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!call) throw new Error('no call in the text');
  return { sourceFile, call };
}

describe('the range of a sink call', () => {
  it('ends with the last argument before the callbacks, so the callback body is not part of the finding', () => {
    const { sourceFile, call } = firstCall(
      ['run("echo " + name, (error, output) => {', '  reply.send(output);', '});'].join('\n'),
    );
    expect(sinkRange(sourceFile, call)).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 19 });
  });

  it('keeps the whole call when no callback ends it', () => {
    const { sourceFile, call } = firstCall(['runner', '  .exec(', '    "echo " + name,', '  );'].join('\n'));
    expect(sinkRange(sourceFile, call)).toEqual({ startLine: 2, startColumn: 4, endLine: 4, endColumn: 4 });
  });
});
