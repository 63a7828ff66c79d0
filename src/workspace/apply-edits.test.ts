import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits.js';
import { parseEdits } from './parse-edits.js';

let base: string;
let worktree: string;
let outside: string;

/** Every path under a folder with a hash of its content (or link target), to prove nothing moved. */
function snapshot(directory: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) entries[path] = `link:${readlinkSync(path)}`;
      else if (stat.isDirectory()) walk(path);
      else entries[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(directory);
  return entries;
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'baton-edits-'));
  worktree = join(base, 'worktree');
  outside = join(base, 'outside');
  mkdirSync(join(worktree, 'src'), { recursive: true });
  mkdirSync(outside);
  execFileSync('git', ['init', '-q', worktree]);
  writeFileSync(
    join(worktree, 'src', 'greet.ts'),
    "export function greet(name: string): string {\n  return 'Hello ' + name;\n}\n",
  );
  writeFileSync(
    join(worktree, 'src', 'config.ts'),
    'export const name = "demo";\nexport const retries = 1;   \n',
  );
  writeFileSync(join(outside, 'owned.txt'), 'original\n');
  symlinkSync(outside, join(worktree, 'link'));
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
  rmSync('/tmp/baton-absolute-escape.txt', { force: true });
});

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');

describe('applyEdits', () => {
  it('applies every format inside the worktree', () => {
    const result = applyEdits(worktree, parseEdits(fixture('every-format.md')).edits);
    expect(result.success && result.value).toMatchObject([
      { path: 'src/math/add.ts', change: 'created', formats: ['whole-file'] },
      { path: 'src/greet.ts', change: 'modified', formats: ['unified-diff'] },
      { path: 'src/config.ts', change: 'modified', formats: ['search-replace'] },
    ]);
    // What was written comes back, byte for byte, for the engine to compare with the commit.
    for (const file of result.success ? result.value : [])
      expect(file.content).toBe(readFileSync(join(worktree, file.path), 'utf8'));
    expect(readFileSync(join(worktree, 'src', 'greet.ts'), 'utf8')).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the file's content is a template literal.
      'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
    );
    // The SEARCH text is found inside the line; the trailing spaces after it stay.
    expect(readFileSync(join(worktree, 'src', 'config.ts'), 'utf8')).toBe(
      'export const name = "demo";\nexport const retries = 3;   \n',
    );
  });

  it('refuses every escape and changes nothing, inside or outside the worktree', () => {
    const before = snapshot(base);
    const { edits } = parseEdits(fixture('escapes.md'));
    expect(edits.map((edit) => edit.path)).toEqual([
      '../outside.txt',
      '/tmp/baton-absolute-escape.txt',
      'link/owned.txt',
      '.git/hooks/pre-commit',
      '../../etc/hosts',
      'src/ok.ts',
    ]);
    const result = applyEdits(worktree, edits);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => [issue.path, issue.code])).toEqual([
      ['../outside.txt', 'EDIT_PATH_OUTSIDE_WORKTREE'],
      ['/tmp/baton-absolute-escape.txt', 'EDIT_PATH_OUTSIDE_WORKTREE'],
      ['link/owned.txt', 'EDIT_PATH_OUTSIDE_WORKTREE'],
      ['.git/hooks/pre-commit', 'EDIT_PATH_OUTSIDE_WORKTREE'],
      ['../../etc/hosts', 'EDIT_PATH_OUTSIDE_WORKTREE'],
    ]);
    expect(result.issues[2]?.message).toContain('the symlink link leads to');
    expect(snapshot(base)).toEqual(before);
    expect(existsSync('/tmp/baton-absolute-escape.txt')).toBe(false);
    expect(existsSync(join(worktree, 'src', 'ok.ts'))).toBe(false);
  });

  it('refuses a symlink deeper in the path and one that dangles outside', () => {
    mkdirSync(join(worktree, 'deep'));
    symlinkSync(join(outside, 'new-folder'), join(worktree, 'deep', 'dangling'));
    symlinkSync(join(outside, 'owned.txt'), join(worktree, 'deep', 'file-link'));
    const result = applyEdits(worktree, [
      { format: 'whole-file', path: 'deep/dangling/x.txt', content: 'x', line: 1 },
      { format: 'whole-file', path: 'deep/file-link', content: 'x', line: 2 },
      { format: 'whole-file', path: 'sub/../../x', content: 'x', line: 3 },
    ]);
    expect(result.success || result.issues.map((issue) => issue.code)).toEqual([
      'EDIT_PATH_OUTSIDE_WORKTREE',
      'EDIT_PATH_OUTSIDE_WORKTREE',
      'EDIT_PATH_OUTSIDE_WORKTREE',
    ]);
    expect(readFileSync(join(outside, 'owned.txt'), 'utf8')).toBe('original\n');
    expect(existsSync(join(outside, 'new-folder'))).toBe(false);
  });

  it('allows a symlink that stays inside the worktree', () => {
    symlinkSync(join(worktree, 'src'), join(worktree, 'source-alias'));
    const result = applyEdits(worktree, [
      { format: 'whole-file', path: 'source-alias/new.ts', content: 'ok\n', line: 1 },
    ]);
    expect(result.success).toBe(true);
    expect(readFileSync(join(worktree, 'src', 'new.ts'), 'utf8')).toBe('ok\n');
  });

  it('names the file and the hunk of a diff that does not apply', () => {
    const response = [
      '```diff',
      '--- a/src/greet.ts',
      '+++ b/src/greet.ts',
      '@@ -1,2 +1,2 @@',
      ' export function greet(name: string): string {',
      "-  return 'Hello ' + name;",
      "+  return 'Hi ' + name;",
      '@@ -9,2 +9,2 @@',
      '-export const farewell = 1;',
      '+export const farewell = 2;',
      '```',
    ].join('\n');
    const result = applyEdits(worktree, parseEdits(response).edits);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'EDIT_DIFF_DOES_NOT_APPLY', path: 'src/greet.ts', hunk: 2 }),
    ]);
    expect(result.issues[0]?.message).toContain('hunk 2 of 2 (@@ -9,2 +9,2 @@)');
    expect(result.issues[0]?.message).toContain('export const farewell = 1;');
    // All or nothing: hunk 1 was fine but the file is untouched.
    expect(readFileSync(join(worktree, 'src', 'greet.ts'), 'utf8')).toContain("'Hello ' + name");
  });

  it('applies a diff whose line numbers drifted, creates and deletes files', () => {
    writeFileSync(
      join(worktree, 'src', 'list.ts'),
      ['// header', '', 'const a = 1;', 'const b = 2;', 'const c = 3;', ''].join('\n'),
    );
    const response = [
      '--- a/src/list.ts',
      '+++ b/src/list.ts',
      '@@ -40,2 +40,2 @@',
      ' const b = 2;',
      '-const c = 3;',
      '+const c = 30;',
      '--- /dev/null',
      '+++ b/src/fresh.ts',
      '@@ -0,0 +1,1 @@',
      '+export const fresh = true;',
      '--- a/src/config.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-export const name = "demo";',
      '-export const retries = 1;',
    ].join('\n');
    const result = applyEdits(worktree, parseEdits(response).edits);
    expect(result.success ? result.value.map((file) => file.change) : result.issues).toEqual([
      'modified',
      'created',
      'deleted',
    ]);
    expect(readFileSync(join(worktree, 'src', 'list.ts'), 'utf8')).toContain('const c = 30;\n');
    expect(readFileSync(join(worktree, 'src', 'fresh.ts'), 'utf8')).toBe('export const fresh = true;\n');
    expect(existsSync(join(worktree, 'src', 'config.ts'))).toBe(false);
  });

  it('reports SEARCH text that is not in the file', () => {
    const result = applyEdits(worktree, [
      {
        format: 'search-replace',
        path: 'src/config.ts',
        search: 'export const missing = 0;',
        replace: 'x',
        line: 1,
      },
      { format: 'search-replace', path: 'src/nope.ts', search: 'a', replace: 'b', line: 2 },
    ]);
    expect(result.success || result.issues.map((issue) => issue.code)).toEqual([
      'EDIT_SEARCH_NOT_FOUND',
      'EDIT_SEARCH_NOT_FOUND',
    ]);
  });
});
