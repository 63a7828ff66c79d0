import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { ignoredFolderNames, sourceExtensions } from '../project.js';

/** A test found in a test file's syntax, before anything runs. */
export interface DeclaredTest {
  /** Absolute path. */
  file: string;
  line: number;
  /** The test's own title. */
  title: string;
  /** Suite titles and the test's, joined with ` > `. */
  fullName: string;
  /** `it.skip`, `test.todo` and the like: declared, but never run. */
  skipped: boolean;
}

const extensions = sourceExtensions.join(',');
const testPatterns = [
  `**/*.{test,spec}.{${extensions}}`,
  `**/__tests__/**/*.{${extensions}}`,
  `test/**/*.{${extensions}}`,
  `tests/**/*.{${extensions}}`,
];
const testNames = new Set(['it', 'test']);
const suiteNames = new Set(['describe', 'suite', 'context']);
const skipModifiers = new Set(['skip', 'todo', 'fixme']);

/** The project's test files (absolute), found by the naming conventions of the common runners. */
export function findTestFiles(root: string): string[] {
  return globSync(testPatterns, {
    cwd: root,
    absolute: true,
    ignore: ignoredFolderNames.map((name) => `**/${name}/**`),
  }).sort();
}

/** The text of a title argument; template holes show as `${…}`. */
function titleText(argument: ts.Expression | undefined, sourceFile: ts.SourceFile): string | undefined {
  if (!argument) return undefined;
  if (ts.isStringLiteralLike(argument)) return argument.text;
  if (ts.isTemplateExpression(argument))
    return argument.templateSpans.reduce(
      (text, span) => `${text}\${${span.expression.getText(sourceFile)}}${span.literal.text}`,
      argument.head.text,
    );
  return undefined;
}

/** `it`, `test.only`, `describe.skip`, `it.concurrent.skip`: the base name and whether it skips. */
function callKind(callee: ts.Expression): { name: string; skipped: boolean } | undefined {
  let skipped = false;
  let current = callee;
  while (ts.isPropertyAccessExpression(current)) {
    if (skipModifiers.has(current.name.text)) skipped = true;
    current = current.expression;
  }
  if (ts.isCallExpression(current)) return undefined;
  if (!ts.isIdentifier(current)) return undefined;
  const name = current.text === 'xit' ? 'it' : current.text === 'xdescribe' ? 'describe' : current.text;
  return { name, skipped: skipped || current.text.startsWith('x') };
}

/** Every test a file declares, with its suites, read from syntax. */
export function declaredTests(file: string, text = readFileSync(file, 'utf8')): DeclaredTest[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const tests: DeclaredTest[] = [];
  const walk = (node: ts.Node, suites: string[], suiteSkipped: boolean) => {
    if (ts.isCallExpression(node)) {
      const kind = callKind(node.expression);
      const title = titleText(node.arguments[0], sourceFile);
      if (kind && title !== undefined && suiteNames.has(kind.name)) {
        for (const argument of node.arguments.slice(1))
          walk(argument, [...suites, title], suiteSkipped || kind.skipped);
        return;
      }
      if (kind && title !== undefined && testNames.has(kind.name)) {
        tests.push({
          file,
          line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
          title,
          fullName: [...suites, title].join(' > '),
          skipped: suiteSkipped || kind.skipped || node.arguments.length < 2,
        });
        return;
      }
    }
    ts.forEachChild(node, (child) => walk(child, suites, suiteSkipped));
  };
  walk(sourceFile, [], false);
  return tests;
}
