import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import ts from 'typescript';
import { skipOuter } from '../file-facts.js';

/** A place where a view template writes a value without escaping it: `<%- output.searchTerm %>`. */
export interface RawOutput {
  /** The template-local name the value is read from: `output`. */
  root: string;
  /** The fields read after it, as far as they are constant: `['searchTerm']`. */
  fields: string[];
  /** The template file and line, for the message. */
  file: string;
  line: number;
  /** The output as written: `<%- output.searchTerm %>`. */
  text: string;
}

/** View file extensions tried, in order, when a view is named without one. */
const viewExtensions = ['.ejs', '.pug', '.jade', '.hbs', '.handlebars', '.njk', '.html'];
const largestTemplate = 512 * 1024;

/** `a.b['c']` at the start of an expression: the root name and the constant fields after it. */
function accessPath(expression: string): { root: string; fields: string[] } | undefined {
  const match = /^\s*([A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*|\[\s*(['"])[^'"]*\3\s*\])*)/.exec(
    expression,
  );
  if (!match?.[1]) return undefined;
  const fields = [...(match[2] ?? '').matchAll(/\.\s*([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]*)['"]\s*\]/g)].map(
    (field) => field[1] ?? field[2] ?? '',
  );
  return { root: match[1], fields };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (text.charCodeAt(index) === 10) line += 1;
  return line;
}

function readTemplate(file: string): string | undefined {
  try {
    if (statSync(file).size > largestTemplate) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The unescaped outputs of a template and of the templates it includes by a constant name (EJS
 * `include('…')`, relative to the including file): EJS `<%- x %>`, Pug `tag!= x` and `!{x}`,
 * Handlebars `{{{x}}}` and Nunjucks `{{ x | safe }}`. Escaped outputs (`<%= x %>`, `{{x}}`) are not
 * listed: the engine escapes them.
 */
export function rawOutputs(file: string, seen: Set<string> = new Set()): RawOutput[] {
  if (seen.has(file) || seen.size > 16) return [];
  seen.add(file);
  const text = readTemplate(file);
  if (text === undefined) return [];
  const outputs: RawOutput[] = [];
  const add = (expression: string, offset: number, written: string): void => {
    const path = accessPath(expression);
    if (path) outputs.push({ ...path, file, line: lineAt(text, offset), text: written.trim() });
  };
  const extension = extname(file);
  if (extension === '.ejs' || extension === '.html') {
    for (const match of text.matchAll(/<%-([\s\S]*?)[-_]?%>/g)) {
      const expression = match[1] ?? '';
      const include = /^\s*include\s*\(\s*(['"`])([^'"`]+)\1/.exec(expression);
      if (include?.[2]) {
        const included = resolve(dirname(file), include[2]);
        const target = extname(included) ? included : `${included}${extension}`;
        outputs.push(...rawOutputs(target, seen));
      } else if (!/^\s*include\b/.test(expression)) add(expression, match.index, match[0]);
    }
  }
  if (extension === '.pug' || extension === '.jade') {
    for (const match of text.matchAll(/^[ \t]*[\w.#:-]*(?:\([^)\n]*\))?!=[ \t]*(.+)$/gm))
      add(match[1] ?? '', match.index, match[0]);
    for (const match of text.matchAll(/!\{([^}\n]+)\}/g)) add(match[1] ?? '', match.index, match[0]);
  }
  if (extension === '.hbs' || extension === '.handlebars' || extension === '.html') {
    // Only a plain path: `{{{helper x}}}` is a helper's output, which the helper decides.
    for (const match of text.matchAll(/\{\{\{~?\s*(?:this\.)?([\w$.]+)\s*~?\}\}\}/g))
      add(match[1] ?? '', match.index, match[0]);
  }
  if (extension === '.njk' || extension === '.html') {
    for (const match of text.matchAll(/\{\{-?([^}]*?)\|\s*safe\s*-?\}\}/g))
      add(match[1] ?? '', match.index, match[0]);
  }
  return outputs;
}

/** The folder a constant `app.set('views', …)` names: literals, `__dirname`, `path.join`/`resolve`, `+`. */
function folderValue(expression: ts.Expression, sourceFile: ts.SourceFile, cwd: string): string | undefined {
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isIdentifier(inner) && inner.text === '__dirname') return dirname(sourceFile.fileName);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = folderValue(inner.left, sourceFile, cwd);
    const right = folderValue(inner.right, sourceFile, cwd);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression)) {
    const method = inner.expression.name.text;
    if (method !== 'join' && method !== 'resolve') return undefined;
    const parts = inner.arguments.map((argument) => folderValue(argument, sourceFile, cwd));
    if (parts.some((part) => part === undefined)) return undefined;
    return method === 'join' ? join(...(parts as string[])) : resolve(cwd, ...(parts as string[]));
  }
  return undefined;
}

/** The folder of the nearest `package.json` above a file: where `node` runs the app, so where Express looks for `views`. */
function packageFolderOf(file: string): string {
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return dirname(file);
  }
}

interface ViewSettings {
  folders: string[];
  engine: string | undefined;
}

const settingsByProgram = new WeakMap<ts.Program, ViewSettings>();

/** The view folders and default engine the program's `app.set('views' | 'view engine', …)` calls name. */
function viewSettings(program: ts.Program): ViewSettings {
  const known = settingsByProgram.get(program);
  if (known) return known;
  const settings: ViewSettings = { folders: [], engine: undefined };
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    if (!sourceFile.text.includes('views') && !sourceFile.text.includes('view engine')) continue;
    const cwd = packageFolderOf(sourceFile.fileName);
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'set' &&
        node.arguments.length === 2
      ) {
        const [name, value] = node.arguments as unknown as [ts.Expression, ts.Expression];
        const setting = ts.isStringLiteralLike(name) ? name.text : '';
        if (setting === 'views') {
          const folder = folderValue(value, sourceFile, cwd);
          if (folder !== undefined) settings.folders.push(isAbsolute(folder) ? folder : resolve(cwd, folder));
        }
        if (setting === 'view engine' && ts.isStringLiteralLike(value)) settings.engine = value.text;
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  settingsByProgram.set(program, settings);
  return settings;
}

/**
 * The template file a constant view name renders: in a folder set with `app.set('views', …)`, or
 * Express's default `views` folder in the rendering file's folder or one above it, up to its
 * package; with the engine's extension when the name has none.
 */
export function viewFile(program: ts.Program, sourceFile: ts.SourceFile, view: string): string | undefined {
  const settings = viewSettings(program);
  const top = packageFolderOf(sourceFile.fileName);
  const folders = [...settings.folders];
  for (let folder = dirname(sourceFile.fileName); ; folder = dirname(folder)) {
    folders.push(join(folder, 'views'));
    if (folder === top || dirname(folder) === folder || !folder.startsWith(top)) break;
  }
  const extensions = extname(view)
    ? ['']
    : [...(settings.engine ? [`.${settings.engine.replace(/^\./, '')}`] : []), ...viewExtensions];
  for (const folder of folders)
    for (const extension of extensions) {
      const candidate = join(folder, `${view.replace(/^\//, '')}${extension}`);
      if (existsSync(candidate)) return candidate;
    }
  return undefined;
}
