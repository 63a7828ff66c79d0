import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ignoredFolderNames, toProjectPath } from '../project.js';

/** A piece of migration SQL and where each of its characters sits in the file it came from. */
export interface MigrationSource {
  /** Offset in the file of the SQL's first character. */
  offset: number;
  sql: string;
}

/** One migration: a SQL file, or a migration module whose `up` runs literal SQL. */
export interface Migration {
  /** Absolute path. */
  fileName: string;
  /** Path relative to the project root, with forward slashes; migrations apply in this order. */
  file: string;
  /** The file's whole text, for mapping offsets to lines. */
  text: string;
  sources: MigrationSource[];
}

const codeExtensions = /\.(ts|mts|cts|js|mjs|cjs)$/;
const runnerNames = new Set(['sql', 'query', 'exec', 'execute', 'raw', 'executeQuery', 'runSql']);

/** Whether a project path is a migration by name: a SQL file in a migrations folder, or an `*.up.sql`. */
export function isMigrationPath(file: string): boolean {
  const path = file.replaceAll('\\', '/');
  if (/\.down\.sql$/i.test(path)) return false;
  if (/\.up\.sql$/i.test(path)) return true;
  const inMigrations = /(^|\/)migrations\//i.test(path);
  if (path.endsWith('.sql')) return inMigrations;
  return inMigrations && codeExtensions.test(path) && !/\.(test|spec)\.|\.d\.[mc]?ts$/.test(path);
}

function walk(directory: string, found: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!ignoredFolderNames.includes(entry.name) && !entry.name.startsWith('.')) walk(path, found);
    } else if (entry.isFile()) found.push(path);
  }
}

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** The literal text of a string or substitution-free template, with the offset of its first character. */
function literalSource(node: ts.Node, sourceFile: ts.SourceFile): MigrationSource | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return { offset: node.getStart(sourceFile) + 1, sql: node.text };
  }
  return undefined;
}

function isExportedUp(node: ts.Node): ts.Node | undefined {
  const exported = (modifiers: readonly ts.ModifierLike[] | undefined) =>
    modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
  if (ts.isFunctionDeclaration(node) && node.name?.text === 'up' && exported(node.modifiers)) return node;
  if (ts.isVariableStatement(node) && exported(node.modifiers)) {
    return node.declarationList.declarations.find(
      (declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === 'up',
    )?.initializer;
  }
  return undefined;
}

/** SQL literals that an exported `up` passes to `sql`, `query`, `exec`… (or tags with `sql`). */
export function sqlInMigrationCode(fileName: string, text: string): MigrationSource[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const sources: MigrationSource[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      const first = node.arguments[0];
      const source = name && runnerNames.has(name) && first ? literalSource(first, sourceFile) : undefined;
      if (source) sources.push(source);
    } else if (ts.isTaggedTemplateExpression(node) && calleeName(node.tag) === 'sql') {
      const source = literalSource(node.template, sourceFile);
      if (source) sources.push(source);
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of sourceFile.statements) {
    const up = isExportedUp(statement);
    if (up) visit(up);
  }
  return sources;
}

/** Every migration of a project, in the order they apply: sorted by path. */
export function findMigrations(root: string): Migration[] {
  const files: string[] = [];
  walk(root, files);
  const migrations: Migration[] = [];
  for (const fileName of files) {
    const file = toProjectPath(root, fileName);
    if (!isMigrationPath(file)) continue;
    const text = readFileSync(fileName, 'utf8');
    const sources = file.endsWith('.sql') ? [{ offset: 0, sql: text }] : sqlInMigrationCode(fileName, text);
    if (sources.length > 0) migrations.push({ fileName, file, text, sources });
  }
  return migrations.sort((left, right) => (left.file < right.file ? -1 : left.file > right.file ? 1 : 0));
}
