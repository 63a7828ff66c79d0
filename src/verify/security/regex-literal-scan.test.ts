import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { mayHoldRepeatedGroupRegex } from './regex-literal-scan.js';

const scan = (text: string) => mayHoldRepeatedGroupRegex(text, false);

/** Whether TypeScript's parser finds a regex literal with a repeated group in its body. */
function parsedHasRepeatedGroupRegex(fileName: string, text: string): boolean {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isRegularExpressionLiteral(node)) {
      found = /\)[*+{]/.test(node.text.slice(1, node.text.lastIndexOf('/')));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe('scanning a file for regex literals with a repeated group', () => {
  it('finds a regex with a repeated group, and not one without', () => {
    expect(scan('export const slug = /^(a+)+$/;')).toBe(true);
    expect(scan('export const words = /^(?:\\w+\\s?){2,}$/u;')).toBe(true);
    expect(scan('export const id = /^x{2,}-\\d+$/u;')).toBe(false);
    expect(scan('export const hex = /^#([0-9a-f]{6})$/i;')).toBe(false);
  });

  it('reads divisions as divisions, and keywords after a dot as names', () => {
    expect(scan('const mean = total / count + offset / 2;')).toBe(false);
    expect(scan('const ratio = options.default / scale + base / 2;')).toBe(false);
    expect(scan('const half = items[0] / 2 * factor / 3;')).toBe(false);
  });

  it('skips comments, strings and template text', () => {
    expect(scan("// matches /(a+)+/\nconst text = '/(a+)+/';\n/* /(b+)+/ */")).toBe(false);
    expect(scan('const message = `see /(a+)+/ for why`;')).toBe(false);
    expect(scan("const joined = 'a\\\n/(a+)+/';\nconst x = 1;")).toBe(false);
  });

  it('finds regexes where a statement starts with one, after a keyword, or inside a substitution', () => {
    expect(scan('if (ready) /(a+)+$/.test(input);')).toBe(true);
    expect(scan('function check() {}\n/(a+)+$/.test(input);')).toBe(true);
    expect(scan('function check(input) {\n  return /(a+)+$/.test(input);\n}')).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the scanned source holds a template literal.
    expect(scan('const text = `${/(a+)+$/.test(input) ? "yes" : "no"}`;')).toBe(true);
    expect(scan('const ok = !/(a+)+$/.test(input);')).toBe(true);
    expect(scan('const value = input! / 2;\nconst re = /(a+)+$/;')).toBe(true);
  });

  it('tests JSX files line by line, since text between tags is not code', () => {
    expect(mayHoldRepeatedGroupRegex("const page = <p>Don't use /(a+)+/</p>;", true)).toBe(true);
    expect(mayHoldRepeatedGroupRegex('const page = <p>Half of it</p>;', true)).toBe(false);
  });

  it('misses no regex literal with a repeated group in the security check’s own sources, against TypeScript’s parser', () => {
    const folder = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) =>
      /\.ts$/.test(name),
    );
    let repeated = 0;
    for (const name of files) {
      const text = readFileSync(join(folder, name), 'utf8');
      if (!parsedHasRepeatedGroupRegex(name, text)) continue;
      repeated += 1;
      expect(scan(text), name).toBe(true);
    }
    expect(repeated).toBeGreaterThan(3);
  });
});
