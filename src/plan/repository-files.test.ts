import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listRepositoryFiles } from './repository-files.js';

const root = mkdtempSync(join(tmpdir(), 'baton-repository-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Names chosen so that the sorted list interleaves them: `src/a-b/…` and `src/a.ts` sort between
// `src/` and `src/a/…`, so only the run of files under the glob's folder may be read.
const paths = [
  'src/a-b/x.ts',
  'src/a.ts',
  'src/a/x.ts',
  'src/a/y.js',
  'src/a/z/deep.ts',
  'src/b/x.ts',
  'top.ts',
];
for (const path of paths) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), '');
}

describe('listRepositoryFiles', () => {
  it('matches globs against the files under their folder, and literal paths against themselves', async () => {
    const files = await listRepositoryFiles(root);
    expect(files.match('src/a/*.ts')).toEqual(['src/a/x.ts']);
    expect(files.match('src/a/**')).toEqual(['src/a/x.ts', 'src/a/y.js', 'src/a/z/deep.ts']);
    expect(files.match('src/a*/*.ts')).toEqual(['src/a-b/x.ts', 'src/a/x.ts']);
    expect(files.match('**/x.ts')).toEqual(['src/a-b/x.ts', 'src/a/x.ts', 'src/b/x.ts']);
    expect(files.match('src/z/*.ts')).toEqual([]);
    expect(files.match('./src/a.ts')).toEqual(['src/a.ts']);
    expect(files.match('src/missing.ts')).toEqual([]);
  });
});
