import type ts from 'typescript';
import type { Check, CheckContext, TypeDiagnostic } from '../check.js';
import type { Finding, SourceRange } from '../finding.js';
import { isVerifiableFile, toProjectPath } from '../project.js';
import { describeRule } from '../rules.js';

// TS18002/18003: tsconfig lists no input files.
const configCodes = new Set([18002, 18003]);
// "Object is possibly null/undefined", "'x' is possibly 'undefined'": the unhandled null AI code is known for.
const unhandledNullCodes = new Set([2531, 2532, 2533, 18047, 18048, 18049]);

const hints: Record<string, string> = {
  'types/syntax-error': 'The file does not parse; fix the syntax before anything else can be checked.',
  'types/config-error': 'Fix tsconfig.json or the compiler options the message names.',
  'types/unhandled-null':
    'Handle the missing value before using it: check for null/undefined and answer the edge case (a default, a 404), or prove it cannot happen.',
  'types/type-error': 'Fix the type error; the compiler message says what it expected.',
};

/** Compiler codes 1000–1999 are syntax errors; 5000–6999 concern options and tsconfig. */
function ruleFor(code: number): string {
  if (code >= 1000 && code < 2000) return 'types/syntax-error';
  if ((code >= 5000 && code < 7000) || configCodes.has(code)) return 'types/config-error';
  if (unhandledNullCodes.has(code)) return 'types/unhandled-null';
  return 'types/type-error';
}

/** Widens a point (the native compiler reports only a start) to the word or token there. */
function widen(
  diagnostic: TypeDiagnostic,
  getSourceFile: (fileName: string) => ts.SourceFile | undefined,
): SourceRange {
  const range = {
    startLine: diagnostic.line,
    startColumn: diagnostic.column,
    endLine: diagnostic.endLine,
    endColumn: diagnostic.endColumn,
  };
  if (range.endLine !== range.startLine || range.endColumn !== range.startColumn || !diagnostic.fileName)
    return range;
  const sourceFile = getSourceFile(diagnostic.fileName);
  const lineStarts = sourceFile?.getLineStarts();
  const lineStart = lineStarts?.[diagnostic.line - 1];
  if (!sourceFile || lineStart === undefined) return range;
  const rest = sourceFile.text.slice(lineStart + diagnostic.column - 1, lineStart + diagnostic.column + 199);
  const token = /^([\w$]+|\S)/.exec(rest)?.[1] ?? '';
  return { ...range, endColumn: range.startColumn + token.length };
}

/** Turns compiler diagnostics into findings with the compiler's code and a stable rule id. */
export function typeDiagnosticToFinding(
  diagnostic: TypeDiagnostic,
  context: Pick<CheckContext, 'project' | 'getSourceFile'>,
): Finding | undefined {
  if (diagnostic.category !== 'error' && diagnostic.category !== 'warning') return undefined;
  const { project } = context;
  const fileName = diagnostic.fileName ?? project.tsconfigPath;
  const ruleId = ruleFor(diagnostic.code);
  const { cwe } = describeRule(ruleId);
  return {
    checkId: 'types',
    ruleId,
    severity: diagnostic.category,
    file: fileName ? toProjectPath(project.root, fileName) : '.',
    range: widen(diagnostic, context.getSourceFile),
    message: `TS${diagnostic.code}: ${diagnostic.message}`,
    hint: hints[ruleId],
    ...(cwe ? { cwe } : {}),
    tsCode: diagnostic.code,
  };
}

/**
 * The functional type check: the project's own tsconfig, so its findings match what `tsc` says;
 * JavaScript files are parsed (syntax errors) and type-checked only where the project asks (`checkJs`).
 */
export function createTypesCheck(): Check {
  return {
    id: 'types',
    description: "type check with the project's tsconfig (native tsc 7 when installed)",
    scope: 'file',
    appliesTo: isVerifiableFile,
    async run(context) {
      const diagnostics = await context.typeDiagnostics();
      const findings: Finding[] = [];
      for (const diagnostic of diagnostics) {
        const finding = typeDiagnosticToFinding(diagnostic, context);
        if (finding) findings.push(finding);
      }
      return findings;
    },
  };
}
