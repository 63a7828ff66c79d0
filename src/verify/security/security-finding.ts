import ts from 'typescript';
import type { Finding, SourceRange } from '../finding.js';
import { describeRule } from '../rules.js';
import type { SinkKind } from './taint/taint-value.js';

/** Per sink kind: the rule it reports under, what reaching it means, and how to fix it. */
export const sinkRules: Readonly<Record<SinkKind, { ruleId: string; what: string; hint: string }>> = {
  sql: {
    ruleId: 'security/sql-injection',
    what: 'SQL text is built from',
    hint: 'Pass values as query parameters ($1, ?) or through a query builder; never splice them into the SQL text.',
  },
  shell: {
    ruleId: 'security/command-injection',
    what: 'A shell command is built from',
    hint: 'Use execFile or spawn with an argument array and no shell; validate the values against an allow-list.',
  },
  path: {
    ruleId: 'security/path-traversal',
    what: 'A file path is built from',
    hint: "Resolve the path, then check it starts with the base folder plus path.sep (or use path.basename); '../' must not leave the folder.",
  },
  html: {
    ruleId: 'security/xss',
    what: 'HTML is written from',
    hint: 'Escape the value (escape-html, he.encode) or sanitise it (DOMPurify.sanitize), or send it as text or JSON.',
  },
  redirect: {
    ruleId: 'security/open-redirect',
    what: 'A redirect target comes from',
    hint: "Redirect only to paths that start with '/' but not '//', or to hosts on an allow-list.",
  },
  code: {
    ruleId: 'security/code-injection',
    what: 'Code is evaluated from',
    hint: 'Do not evaluate outside data; parse it (JSON.parse) or map it to known operations.',
  },
  deserialization: {
    ruleId: 'security/unsafe-deserialization',
    what: 'Unsafe deserialisation of',
    hint: 'Use JSON.parse, or a safe loader (yaml.load with the default schema), and validate the result with a schema.',
  },
  ssrf: {
    ruleId: 'security/ssrf',
    what: 'An outgoing request URL comes from',
    hint: 'Fix the host in code and put only encoded path parts from outside, or check the host against an allow-list.',
  },
  regexp: {
    ruleId: 'security/regex-injection',
    what: 'A regular expression is built from',
    hint: 'Escape the value (escape-string-regexp, _.escapeRegExp) or match it as plain text with includes().',
  },
  xpath: {
    ruleId: 'security/xpath-injection',
    what: 'An XPath expression is built from',
    hint: 'Pass the value as an XPath variable instead of splicing it into the expression.',
  },
  ldap: {
    ruleId: 'security/ldap-injection',
    what: 'An LDAP filter or DN is built from',
    hint: 'Escape the value for LDAP (ldap-escape) or build the filter with ldapjs filter objects.',
  },
  nosql: {
    ruleId: 'security/nosql-injection',
    what: 'A NoSQL query is built from',
    hint: 'Convert the value to the type you expect (String(value)) or sanitise it (mongo-sanitize), so operators like $ne and $where cannot get in.',
  },
  log: {
    ruleId: 'security/log-injection',
    what: 'A log line is written from',
    hint: 'Strip CR and LF from the value (value.replace(/[\\r\\n]/g, "")) or log it as a structured field.',
  },
  prototype: {
    ruleId: 'security/prototype-pollution',
    what: 'An object is looked up by a key from',
    hint: "Refuse the keys '__proto__', 'constructor' and 'prototype', check hasOwnProperty before descending, or keep such data in a Map or an Object.create(null) object.",
  },
  header: {
    ruleId: 'security/header-injection',
    what: 'A response header is set from',
    hint: 'Strip CR and LF, or encode the value (encodeURIComponent), or pick it from an allow-list.',
  },
};

/** A finding of the security check, with the rule's default severity and CWE from the rule table. */
export function securityFinding(
  ruleId: string,
  file: string,
  range: SourceRange,
  text: { message: string; hint: string; cwe?: string | undefined },
): Finding {
  const rule = describeRule(ruleId);
  const finding: Finding = {
    checkId: 'security',
    ruleId,
    severity: rule.defaultSeverity,
    file,
    range,
    message: text.message,
    hint: text.hint,
  };
  const cwe = text.cwe ?? rule.cwe;
  if (cwe) finding.cwe = cwe;
  return finding;
}

/** The span of a node, 1-based. */
export function nodeRange(sourceFile: ts.SourceFile, node: ts.Node): SourceRange {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return {
    startLine: start.line + 1,
    startColumn: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/**
 * A call that ends in callbacks (`exec(command, (error, output) => { … })`) ends, as a sink, with its
 * last other argument: the callback's body is code of its own, with findings of its own.
 */
function withoutTrailingCallbacks(sourceFile: ts.SourceFile, node: ts.Node, range: SourceRange): SourceRange {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return range;
  const callArguments = [...(node.arguments ?? [])];
  const isCallback = (argument: ts.Expression) =>
    ts.isArrowFunction(argument) || ts.isFunctionExpression(argument);
  if (callArguments.length === 0 || !isCallback(callArguments[callArguments.length - 1] as ts.Expression))
    return range;
  while (callArguments.length > 0 && isCallback(callArguments[callArguments.length - 1] as ts.Expression))
    callArguments.pop();
  const last = callArguments[callArguments.length - 1] ?? node.expression;
  const end = sourceFile.getLineAndCharacterOfPosition(last.getEnd());
  return { ...range, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Where a sink is: for `a.b().c(...)` spread over lines, the line of `c`, the call that is the sink. */
export function sinkRange(sourceFile: ts.SourceFile, node: ts.Node): SourceRange {
  const range = withoutTrailingCallbacks(sourceFile, node, nodeRange(sourceFile, node));
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const start = sourceFile.getLineAndCharacterOfPosition(node.expression.name.getStart(sourceFile));
    return { ...range, startLine: start.line + 1, startColumn: start.character + 1 };
  }
  return range;
}

/** The range of a problem that secretlint or ESLint reports by line and column. */
export function lineColumnRange(problem: {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}): SourceRange {
  return {
    startLine: problem.line,
    startColumn: problem.column,
    endLine: problem.endLine,
    endColumn: problem.endColumn,
  };
}
