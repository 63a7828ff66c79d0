import type ts from 'typescript';

/** How many expressions one function's walk may evaluate before it stops and says so. */
export const stepBudgetPerFunction = 50_000;
/** Files larger than this are left out of the taint analysis: generated or vendored code, not written by hand. */
export const maxAnalysedCharacters = 500_000;

/**
 * Why a file is left out of the taint analysis, or undefined to analyse it: it does not parse, it is
 * minified or a generated bundle (long lines, a bundler's runtime), or it is too large.
 */
export function skipReason(sourceFile: ts.SourceFile): string | undefined {
  const parseErrors = (sourceFile as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0;
  if (parseErrors > 0)
    return `it does not parse (${parseErrors} syntax error${parseErrors === 1 ? '' : 's'})`;
  const text = sourceFile.text;
  if (text.length > maxAnalysedCharacters)
    return `it is ${Math.round(text.length / 1000)} kB, above the ${maxAnalysedCharacters / 1000} kB the analysis reads`;
  const lines = text.split('\n');
  const longest = lines.reduce((longest, line) => Math.max(longest, line.length), 0);
  if (longest > 2_000 && text.length / lines.length > 250)
    return 'it is minified (lines thousands of characters long)';
  if (/__webpack_require__|webpackBootstrap|\bparcelRequire\b|System\.register\(/.test(text.slice(0, 4_000)))
    return "it is a generated bundle (a bundler's runtime at its start)";
  return undefined;
}
