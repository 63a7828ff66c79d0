import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { scanLiterals } from './regex-literal-scan.js';

const scan = (text: string) => scanLiterals(text, false).repeatedGroupRegex;

/** Whether TypeScript's parser finds a regex literal with a repeated group in its body. */
function parsedHasRepeatedGroupRegex(sourceFile: ts.SourceFile): boolean {
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

/** The text as written of every string, template chunk and regex body TypeScript's parser finds. */
function literalTexts(sourceFile: ts.SourceFile): string[] {
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    const written = node.getText(sourceFile);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateTail(node))
      texts.push(written.slice(1, -1));
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node)) texts.push(written.slice(1, -2));
    else if (ts.isRegularExpressionLiteral(node)) texts.push(written.slice(1, written.lastIndexOf('/')));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return texts;
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
    expect(scanLiterals("const page = <p>Don't use /(a+)+/</p>;", true).repeatedGroupRegex).toBe(true);
    expect(scanLiterals('const page = <p>Half of it</p>;', true).repeatedGroupRegex).toBe(false);
  });

  it('misses no regex literal with a repeated group, nor the text of any other literal, against TypeScript’s parser', () => {
    const folder = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) =>
      /\.ts$/.test(name),
    );
    let repeated = 0;
    let literals = 0;
    for (const name of files) {
      const text = readFileSync(join(folder, name), 'utf8');
      const scanned = scanLiterals(text, false);
      const sourceFile = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
      if (parsedHasRepeatedGroupRegex(sourceFile)) {
        repeated += 1;
        expect(scanned.repeatedGroupRegex, name).toBe(true);
      }
      if (scanned.repeatedGroupRegex) continue;
      for (const literal of literalTexts(sourceFile)) {
        literals += 1;
        expect(scanned.literalText.includes(literal), `${name}: ${literal}`).toBe(true);
      }
    }
    expect(repeated).toBeGreaterThan(3);
    expect(literals).toBeGreaterThan(1000);
  });

  it('keeps each literal on a line of its own, and uncertain code whole', () => {
    expect(scanLiterals("const group = '(a+)';\nconst full = group + `+$`;", false).literalText).toBe(
      '\n(a+)\n+$\n',
    );
    expect(scanLiterals("if (ok) / 2; const note = 'x';", false).literalText).toBe(
      "\n/ 2; const note = 'x';\n",
    );
  });
});
