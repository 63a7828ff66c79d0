import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanPath, parseEdits } from './parse-edits.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');

describe('parseEdits', () => {
  it('reads whole files, unified diffs and search/replace blocks from one response', () => {
    const { edits, findings } = parseEdits(fixture('every-format.md'));
    expect(edits.map((edit) => [edit.format, edit.path])).toEqual([
      ['whole-file', 'src/math/add.ts'],
      ['unified-diff', 'src/greet.ts'],
      ['search-replace', 'src/config.ts'],
    ]);
    const [whole, diff, searchReplace] = edits;
    expect(whole?.format === 'whole-file' && whole.content).toBe(
      'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
    );
    expect(diff?.format === 'unified-diff' && diff.hunks[0]?.before).toEqual([
      'export function greet(name: string): string {',
      "  return 'Hello ' + name;",
      '}',
    ]);
    expect(searchReplace).toMatchObject({
      search: 'export const retries = 1;',
      replace: 'export const retries = 3;',
    });
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'edit/code-block-without-path', line: 36 })]);
  });

  it('finds the path in the fence info, a comment on the first line, or a heading', () => {
    const response = [
      '```ts title="src/a.ts"',
      'a',
      '```',
      '```py',
      '# file: tools/b.py',
      'b',
      '```',
      '### **src/c.ts**',
      '```ts',
      'c',
      '```',
    ].join('\n');
    const { edits } = parseEdits(response);
    expect(edits.map((edit) => edit.path)).toEqual(['src/a.ts', 'tools/b.py', 'src/c.ts']);
    expect(edits[1]?.format === 'whole-file' && edits[1].content).toBe('b\n');
  });

  it('reads unfenced diffs and search/replace blocks', () => {
    const diff = parseEdits('Patch:\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-old\n+new\n');
    expect(diff.edits).toMatchObject([{ format: 'unified-diff', path: 'x.ts', line: 2 }]);
    const blocks = parseEdits('x.ts\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n');
    expect(blocks.edits).toMatchObject([
      { format: 'search-replace', path: 'x.ts', search: 'old', replace: 'new' },
    ]);
  });

  it('reports a response with no usable edit as a finding, never a throw', () => {
    for (const response of [
      '',
      'I cannot help with that.',
      '```\nno path\n```',
      '<<<<<<< SEARCH\nunclosed',
    ]) {
      const { edits, findings } = parseEdits(response);
      expect(edits).toEqual([]);
      expect(findings.map((finding) => finding.ruleId)).toContain('edit/no-usable-edit');
    }
    expect(parseEdits('<<<<<<< SEARCH\nunclosed').findings[0]?.ruleId).toBe('edit/malformed-search-replace');
  });

  it('cleans the decoration models put around paths', () => {
    expect(cleanPath('**src/a.ts**')).toBe('src/a.ts');
    expect(cleanPath('`src/a.ts`:')).toBe('src/a.ts');
    expect(cleanPath('// File: src/a.ts')).toBe('src/a.ts');
    expect(cleanPath('Dockerfile')).toBe('Dockerfile');
    expect(cleanPath('Here is the code')).toBeUndefined();
    expect(cleanPath('https://example.com/a.ts')).toBeUndefined();
  });
});
