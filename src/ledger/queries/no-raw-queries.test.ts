import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every query on the ledger lives in src/ledger, so that a change of storage touches one part.
//
// What this scan catches, in production code outside src/ledger (test files and __fixtures__ are
// left out), reading each file's syntax tree so that strings and comments never count:
// - a call of a Kysely query-builder entry (`selectFrom`, `selectNoFrom`, `insertInto`,
//   `replaceInto`, `updateTable`, `deleteFrom`, `mergeInto`) on any receiver: the ledger's is the
//   only Kysely in Baton, and the checks that read users' queries only name these methods as text;
// - an import of Kysely itself (`kysely`, src/ledger/kysely.ts, so `sql` templates and raw
//   `Kysely` handles) or of src/ledger/prepared-query.ts;
// - a `.db` property read (or `{ db }` destructured) in a file that imports from src/ledger: the
//   ledger's query builder handed out of its part.
// What it cannot see: a query built in src/ledger and run elsewhere through a helper that takes
// the builder as a value under another name; it is a guard against the usual slip, not a proof.

const queryBuilderEntries = new Set([
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
]);

interface RawQuery {
  file: string;
  line: number;
  what: string;
}

function importsKysely(specifier: string): boolean {
  return (
    specifier === 'kysely' ||
    specifier.startsWith('kysely/') ||
    /(^|\/)ledger\/(kysely|prepared-query)(\.js|\.ts)?$/.test(specifier)
  );
}

function importsLedger(specifier: string): boolean {
  return /(^|\/)ledger(\/|$)/.test(specifier) && specifier.startsWith('.');
}

/** The ledger queries written in one source file outside src/ledger. */
function findRawLedgerQueries(file: string, text: string): RawQuery[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: RawQuery[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what });
  const specifiers = source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [{ node: statement, specifier: statement.moduleSpecifier.text }]
      : [],
  );
  for (const { node, specifier } of specifiers) {
    if (importsKysely(specifier)) at(node, `imports ${specifier}`);
  }
  const usesLedger = specifiers.some(({ specifier }) => importsLedger(specifier));
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      queryBuilderEntries.has(node.expression.name.text)
    ) {
      at(node, `.${node.expression.name.text}(…)`);
    }
    if (usesLedger && ts.isPropertyAccessExpression(node) && node.name.text === 'db') {
      at(node, `${node.getText(source)} (the ledger's query builder)`);
    }
    if (
      usesLedger &&
      ts.isBindingElement(node) &&
      ts.isObjectBindingPattern(node.parent) &&
      (node.propertyName ?? node.name).getText(source) === 'db'
    ) {
      at(node, "{ db } (the ledger's query builder)");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const sourceRoot = fileURLToPath(new URL('../../', import.meta.url));
const ledgerRoot = join(sourceRoot, 'ledger');

function productionFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      return path === ledgerRoot || entry.name === '__fixtures__' || entry.name === 'node_modules'
        ? []
        : productionFiles(path);
    }
    const production = entry.name.endsWith('.ts') && !/\.(test|spec)\.ts$/.test(entry.name);
    return production && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('ledger queries stay in src/ledger', () => {
  it('finds no query on the ledger written outside src/ledger', () => {
    const files = productionFiles(sourceRoot);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((path) =>
      findRawLedgerQueries(relative(sourceRoot, path).split(sep).join('/'), readFileSync(path, 'utf8')),
    );
    // Each entry names a query to move into src/ledger/queries as a named function.
    expect(found.map((query) => `src/${query.file}:${query.line} ${query.what}`)).toEqual([]);
  });

  it('catches builder calls, Kysely imports and the ledger handle, and nothing in strings or comments', () => {
    const text = [
      "import { sql } from 'kysely';",
      "import { prepareQuery } from '../ledger/prepared-query.js';",
      "import type { LedgerStore } from '../ledger/ledger-store.js';",
      'export async function stale(ledger: LedgerStore) {',
      "  await ledger.db.selectFrom('runs').selectAll().execute();",
      '  const { db } = ledger;',
      "  await db.deleteFrom('runs').execute();",
      '  await sql`select 1`.execute(ledger.db);',
      '}',
    ].join('\n');
    expect(findRawLedgerQueries('engine/stale.ts', text).map((query) => [query.line, query.what])).toEqual([
      [1, 'imports kysely'],
      [2, 'imports ../ledger/prepared-query.js'],
      [5, '.selectFrom(…)'],
      [5, "ledger.db (the ledger's query builder)"],
      [6, "{ db } (the ledger's query builder)"],
      [7, '.deleteFrom(…)'],
      [8, "ledger.db (the ledger's query builder)"],
    ]);
  });

  it('leaves alone the names as text and a `.db` of something that is not the ledger', () => {
    const text = [
      "// ledger.db.selectFrom('runs') in a comment",
      "const names = ['selectFrom', 'insertInto', 'updateTable'];",
      'const pattern = /\\.selectFrom\\(/;',
      'export function poolOf(config: { db: string }) {',
      '  return config.db + names.join() + pattern.source;',
      '}',
    ].join('\n');
    expect(findRawLedgerQueries('verify/sample.ts', text)).toEqual([]);
  });
});
