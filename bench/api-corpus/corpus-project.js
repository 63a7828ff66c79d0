// Builds a corpus project from the example folder of a fetched checkout: the example files whose
// imports all resolve to packages installed in Baton's node_modules (or Node.js built-ins), with a
// relative import of the package itself (`require('..')`, `'../source/index.js'`) rewritten to the
// package's name, a side-effect import of a package that is not installed (`import 'dotenv/config'`)
// blanked, and node_modules linked to Baton's. The fetched code stays where it was fetched;
// the project lives in a temp folder.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const sourcePattern = /\.(c|m)?(t|j)s$/;
const resolvableExtensions = ['', '.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '/index.js', '/index.ts'];

function listFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (sourcePattern.test(entry.name) && !/\.d\.(c|m)?ts$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** Module specifiers in a file, with the string literal's position to rewrite it in place. */
export function moduleSpecifiers(sourceFile) {
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteralLike(node.moduleSpecifier)) found.push(node.moduleSpecifier);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
}

function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  for (const extension of resolvableExtensions) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  // `./thing.js` written for a TypeScript source `./thing.ts`.
  const swapped = base.replace(/\.js$/, '.ts');
  return existsSync(swapped) ? swapped : existsSync(base) ? base : undefined;
}

/** The files a package's own entry points name, to recognise an example importing its package by path. */
function packageEntries(checkout, manifest) {
  const entries = new Set([resolve(checkout)]);
  const add = (target) => {
    if (typeof target === 'string') entries.add(resolve(checkout, target));
    else if (target && typeof target === 'object') for (const value of Object.values(target)) add(value);
  };
  add(manifest.main);
  add(manifest.module);
  const exported = manifest.exports;
  add(typeof exported === 'object' && exported && '.' in exported ? exported['.'] : exported);
  return entries;
}

/**
 * @param {{ name: string; checkout: string; folder: string; packageName: string; nodeModules: string; into: string; tsconfig?: object }} source
 * @returns {{ root: string; files: string[]; skipped: string[] }}
 */
export function buildCorpusProject(source) {
  const checkout = resolve(source.checkout);
  const folder = join(checkout, source.folder);
  if (!existsSync(folder)) {
    throw new Error(
      `No folder ${source.folder} in ${checkout}: fetch the repository first (see the header of run.js).`,
    );
  }
  const manifest = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8'));
  const entries = packageEntries(checkout, manifest);
  const installed = (name) => existsSync(join(source.nodeModules, name, 'package.json'));
  const candidates = new Map();
  for (const file of listFiles(folder)) {
    const text = readFileSync(file, 'utf8');
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const edits = [];
    const relatives = [];
    const packages = new Set();
    let usable = sourceFile.parseDiagnostics?.length === 0 || sourceFile.parseDiagnostics === undefined;
    for (const literal of moduleSpecifiers(sourceFile)) {
      const specifier = literal.text;
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (target && (entries.has(target) || entries.has(target.replace(/\/index\.(j|t)s$/, '')))) {
          edits.push({
            start: literal.getStart(sourceFile) + 1,
            end: literal.getEnd() - 1,
            text: source.packageName,
          });
          packages.add(source.packageName);
        } else if (target?.startsWith(folder)) relatives.push(target);
        else usable = false;
      } else if (isBuiltin(specifier)) {
        packages.add('@types/node');
      } else if (installed(packageNameOf(specifier))) {
        packages.add(packageNameOf(specifier));
      } else if (ts.isImportDeclaration(literal.parent) && !literal.parent.importClause) {
        // `import 'dotenv/config'` only sets up the environment: blanked, the line kept.
        edits.push({ start: literal.parent.getStart(sourceFile), end: literal.parent.getEnd(), text: '' });
      } else {
        usable = false;
      }
    }
    if (usable) candidates.set(file, { text, edits, relatives, packages });
  }
  // A file that imports a dropped file is dropped too, until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [file, candidate] of candidates) {
      if (candidate.relatives.some((target) => !candidates.has(target))) {
        candidates.delete(file);
        changed = true;
      }
    }
  }
  const root = join(source.into, source.name);
  mkdirSync(root, { recursive: true });
  const dependencies = {};
  const files = [];
  for (const [file, candidate] of candidates) {
    let text = candidate.text;
    for (const edit of [...candidate.edits].sort((left, right) => right.start - left.start))
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    const target = join(root, relative(folder, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    files.push(target);
    for (const name of candidate.packages) dependencies[name] = '*';
  }
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: `corpus-${source.name}`, private: true, type: manifest.type === 'module' ? 'module' : 'commonjs', dependencies }, null, 2)}\n`,
  );
  if (source.tsconfig)
    writeFileSync(join(root, 'tsconfig.json'), `${JSON.stringify(source.tsconfig, null, 2)}\n`);
  symlinkSync(source.nodeModules, join(root, 'node_modules'), 'dir');
  const skipped = listFiles(folder)
    .filter((file) => !candidates.has(file))
    .map((file) => relative(checkout, file));
  return { root, files, skipped };
}
