import { describe, expect, it } from 'vitest';
import { annotateDiff, type DiffFinding } from './annotated-diff.js';

const diff = `diff --git a/src/a.ts b/src/a.ts
index 1111111..2222222 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,3 +1,3 @@
 const one = 1;
-const two = 2;
+const two = 'two';
 const three = 3;
@@ -10,2 +10,3 @@ function later() {
 return one;
+return two;
 }
diff --git a/img.png b/img.png
new file mode 100644
Binary files /dev/null and b/img.png differ
diff --git a/src/gone.ts b/src/gone.ts
deleted file mode 100644
--- a/src/gone.ts
+++ /dev/null
@@ -1 +0,0 @@
-export {};
`;

const finding = (file: string | null, line: number | null, ruleId: string): DiffFinding => ({
  checkId: 'types',
  ruleId,
  severity: 'error',
  file,
  line,
  column: 1,
  message: ruleId,
  hint: null,
  cwe: null,
});

describe('annotateDiff', () => {
  it('numbers old and new lines, reads file states, and places findings by new line', () => {
    const annotated = annotateDiff(diff, [
      finding('src/a.ts', 2, 'on-added-line'),
      finding('src/a.ts', 11, 'on-second-hunk'),
      finding('src/a.ts', 6, 'not-shown'),
      finding('src/other.ts', 1, 'other-file'),
      finding(null, null, 'project'),
    ]);
    const [a, image, gone] = annotated.files;
    expect([a?.status, image?.status, gone?.status]).toEqual(['modified', 'binary', 'deleted']);
    expect(gone?.path).toBe('src/gone.ts');
    const lines = a?.hunks.flatMap((hunk) => hunk.lines) ?? [];
    expect(lines.map((line) => [line.kind, line.oldLine, line.newLine])).toEqual([
      ['context', 1, 1],
      ['removed', 2, undefined],
      ['added', undefined, 2],
      ['context', 3, 3],
      ['context', 10, 10],
      ['added', undefined, 11],
      ['context', 11, 12],
    ]);
    expect(lines[2]?.findings.map((placed) => placed.ruleId)).toEqual(['on-added-line']);
    expect(lines[5]?.findings.map((placed) => placed.ruleId)).toEqual(['on-second-hunk']);
    expect(a?.otherFindings.map((placed) => placed.ruleId)).toEqual(['not-shown']);
    expect(annotated.elsewhere.map((placed) => placed.ruleId)).toEqual(['project', 'other-file']);
  });
});
