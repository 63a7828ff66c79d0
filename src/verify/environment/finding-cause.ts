import { isAbsolute, join } from 'node:path';
import ts from 'typescript';
import type { Finding } from '../finding.js';

/** What classifying a finding needs: where its module names lead, and the program to trace in. */
export interface CauseLookups<Cause> {
  root: string;
  program: ts.Program;
  /** The cause behind an import of `specifier` from `fromFile`, if it is a missing module. */
  specifier(specifier: string, fromFile: string): Cause | undefined;
  /** The cause behind a declared package that is not installed (`@types/node`, `fastify`). */
  uninstalled(packageName: string): Cause | undefined;
  /** Tracer of `any` back to a missing module. */
  origin: {
    ofDeclaration(declaration: ts.Node): Cause | undefined;
    ofExpression(expression: ts.Expression): Cause | undefined;
    ofTypeNode(typeNode: ts.Node): Cause | undefined;
  };
}

// Compiler codes that name a module that could not be found, or a member of one.
const moduleCodes = new Set([2305, 2306, 2307, 2614, 2664, 2724, 2792, 7016]);

/** Compiler codes that say a module or a member of one is missing, so an environment cause may be behind them. */
export const unresolvedModuleCodes: ReadonlySet<number> = new Set([...moduleCodes, 2591, 2580, 2688, 6053]);
// "Cannot find name 'process'. Do you need to install type definitions for node?" and kin.
const typeDefinitionCodes = new Set([2580, 2581, 2582, 2583, 2584, 2591, 2592, 2593, 2867, 2868]);
// Names and namespaces only a types package declares: NodeJS, Buffer, process.
const nodeGlobalCodes = new Set([2503, 2694]);
// A parameter, binding or variable that is implicitly any: its type should have come from elsewhere.
const implicitAnyCodes = new Set([7005, 7006, 7008, 7019, 7031, 7034]);

function quoted(message: string): string | undefined {
  const match = /'"?([^'"]+)"?'|"([^"]+)"/.exec(message);
  return match?.[1] ?? match?.[2];
}

function nodeAt(sourceFile: ts.SourceFile, line: number, column: number): ts.Node {
  const lineStarts = sourceFile.getLineStarts();
  const position = Math.min((lineStarts[line - 1] ?? 0) + column - 1, sourceFile.text.length);
  let found: ts.Node = sourceFile;
  const visit = (node: ts.Node): void => {
    if (position >= node.getStart(sourceFile) && position < node.getEnd()) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}

function isStatementLike(node: ts.Node): boolean {
  return ts.isStatement(node) || ts.isClassElement(node) || ts.isSourceFile(node) || ts.isTypeElement(node);
}

/** Traces the expressions and types around a diagnostic's position, innermost first. */
function aroundPosition<Cause>(node: ts.Node, lookups: CauseLookups<Cause>): Cause | undefined {
  let current: ts.Node | undefined = node;
  let steps = 0;
  while (current && steps < 12) {
    steps += 1;
    if (ts.isParameter(current) || ts.isBindingElement(current) || ts.isVariableDeclaration(current)) {
      const cause = lookups.origin.ofDeclaration(current);
      if (cause !== undefined) return cause;
    } else if (ts.isTypeNode(current)) {
      const cause = lookups.origin.ofTypeNode(current);
      if (cause !== undefined) return cause;
    } else if (ts.isExpression(current) && !ts.isFunctionLike(current)) {
      const cause = lookups.origin.ofExpression(current);
      if (cause !== undefined) return cause;
    }
    if (isStatementLike(current)) break;
    current = current.parent;
  }
  return undefined;
}

/** The statement on the line after a directive comment such as `// @ts-expect-error`. */
function nextStatement(sourceFile: ts.SourceFile, line: number): ts.Node | undefined {
  const next = sourceFile.getLineStarts()[line];
  if (next === undefined) return undefined;
  const text = sourceFile.text.slice(next);
  const offset = text.length - text.trimStart().length;
  const position = sourceFile.getLineAndCharacterOfPosition(next + offset);
  return nodeAt(sourceFile, position.line + 1, position.character + 1);
}

/** The first cause found among the expressions a statement holds. */
function withinStatement<Cause>(start: ts.Node, lookups: CauseLookups<Cause>): Cause | undefined {
  let statement: ts.Node = start;
  while (!isStatementLike(statement) && statement.parent) statement = statement.parent;
  let found: Cause | undefined;
  let seen = 0;
  const visit = (node: ts.Node): void => {
    if (found !== undefined || seen > 60) return;
    seen += 1;
    if (ts.isIdentifier(node) && ts.isExpression(node)) found = lookups.origin.ofExpression(node);
    if (found === undefined) ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/**
 * The environment cause a finding hinges on: a message naming a missing module or an uninstalled
 * package, or a type that degraded to `any` because of one. Undefined for findings about the code.
 */
export function causeOfFinding<Cause>(finding: Finding, lookups: CauseLookups<Cause>): Cause | undefined {
  const file = isAbsolute(finding.file) ? finding.file : join(lookups.root, finding.file);
  const { message } = finding;
  if (finding.ruleId === 'api/package-not-installed') {
    const name = /Package (\S+) is declared/.exec(message)?.[1];
    return name ? lookups.uninstalled(name) : undefined;
  }
  if (finding.ruleId === 'api/node-types-missing') return lookups.uninstalled('@types/node');
  if (finding.ruleId.endsWith('/could-not-run')) {
    // Tests or fuzzing that could not start because a declared package (its program) is not installed.
    const name = /`((?:@[\w.-]+\/)?[\w.-]+)` is not installed/.exec(message)?.[1];
    return name ? lookups.uninstalled(name) : undefined;
  }
  if (finding.ruleId === 'api/missing-module' || finding.ruleId === 'api/missing-export') {
    const specifier = /Module "([^"]+)"/.exec(message)?.[1];
    const direct = specifier ? lookups.specifier(specifier, file) : undefined;
    if (direct !== undefined || finding.ruleId === 'api/missing-module') return direct;
  }
  if (finding.ruleId === 'api/missing-member' && /on type ImportMeta\b/.test(message))
    return lookups.uninstalled('@types/node');
  const code = finding.tsCode;
  if (code !== undefined && moduleCodes.has(code)) {
    const specifier = quoted(message);
    return specifier ? lookups.specifier(specifier, file) : undefined;
  }
  if (code !== undefined && typeDefinitionCodes.has(code)) {
    const forNode = /type definitions for node\b/i.test(message);
    const forRunner = /test runner/i.test(message);
    if (forNode) return lookups.uninstalled('@types/node');
    if (forRunner)
      return ['@types/jest', '@types/mocha', 'vitest', '@jest/globals']
        .map((name) => lookups.uninstalled(name))
        .find((cause) => cause !== undefined);
    return undefined;
  }
  if (code !== undefined && nodeGlobalCodes.has(code) && /NodeJS/.test(message))
    return lookups.uninstalled('@types/node');
  if (code === 2688) {
    const name = quoted(message);
    return name ? (lookups.uninstalled(`@types/${name}`) ?? lookups.uninstalled(name)) : undefined;
  }
  if (code === 6053 && finding.file.endsWith('.json')) {
    // tsconfig `extends` naming a package that is not installed.
    const name = quoted(message);
    return name && !name.startsWith('.') && !name.startsWith('/') ? lookups.uninstalled(name) : undefined;
  }
  if (finding.checkId !== 'types' && !finding.ruleId.startsWith('api/')) return undefined;
  const sourceFile = lookups.program.getSourceFile(file);
  if (!sourceFile) return undefined;
  const node = nodeAt(sourceFile, finding.range.startLine, finding.range.startColumn);
  if (code === 2578) {
    const statement = nextStatement(sourceFile, finding.range.startLine);
    return statement ? withinStatement(statement, lookups) : undefined;
  }
  if (code !== undefined && implicitAnyCodes.has(code)) {
    let declaration: ts.Node | undefined = node;
    while (
      declaration &&
      !ts.isParameter(declaration) &&
      !ts.isBindingElement(declaration) &&
      !ts.isVariableDeclaration(declaration)
    )
      declaration = declaration.parent;
    return declaration ? lookups.origin.ofDeclaration(declaration) : undefined;
  }
  return aroundPosition(node, lookups);
}
