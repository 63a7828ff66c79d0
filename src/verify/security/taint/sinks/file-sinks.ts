import ts from 'typescript';
import { objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import { isRequestIdentifier } from '../sources.js';
import { fsLikeModules } from './file-libraries.js';
import { isResponseLike } from './response-sinks.js';
import type { SinkCall, SinkUse } from './sink-use.js';

/** fs functions that take two paths: a source and a destination. */
const twoPathFunctions = [
  'copyFile',
  'copyFileSync',
  'rename',
  'renameSync',
  'cp',
  'cpSync',
  'symlink',
  'symlinkSync',
  'link',
  'linkSync',
];
const fsPathFunctions = new Set([
  'readFile',
  'readFileSync',
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'createReadStream',
  'createWriteStream',
  'unlink',
  'unlinkSync',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'mkdir',
  'mkdirSync',
  'readdir',
  'readdirSync',
  'stat',
  'statSync',
  'lstat',
  'lstatSync',
  'access',
  'accessSync',
  'open',
  'openSync',
  'opendir',
  'truncate',
  'truncateSync',
  'chmod',
  'chmodSync',
  'chown',
  'chownSync',
  'readlink',
  'watch',
  'existsSync',
  ...twoPathFunctions,
  'outputFile',
  'readJson',
  'writeJson',
  'remove',
  'pathExists',
]);

/**
 * An uploaded file (express-fileupload's `req.files.<field>`): its `mv(path)` writes the upload to the
 * path given. Known by its declared type, or in untyped code by being read from a request's `files`.
 */
function isUploadedFile(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  const typeName = checker.getTypeAtLocation(receiver).getSymbol()?.getName();
  if (typeName === 'UploadedFile') return true;
  let current = skipOuter(receiver);
  let sawFiles = false;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    const parent = skipOuter(current.expression);
    if (ts.isPropertyAccessExpression(current) && current.name.text === 'files') sawFiles = true;
    current = parent;
  }
  return sawFiles && ts.isIdentifier(current) && isRequestIdentifier(checker, current);
}

/** File paths: the fs functions, and files sent in a response without a root folder. */
export function fileSinks({
  callee,
  checker,
  callArguments,
  first,
  second,
}: SinkCall): SinkUse[] | undefined {
  const { module, name, receiver, text } = callee;
  if (module && fsLikeModules.has(module) && fsPathFunctions.has(name)) {
    const uses: SinkUse[] = [{ kind: 'path', value: first, label: `fs.${name}` }];
    if (second && twoPathFunctions.includes(name))
      uses.push({ kind: 'path', value: second, label: `fs.${name}` });
    return uses;
  }
  // The send package streams the file at the path it is given, from the file system's root unless told one.
  if (module === 'send' && !receiver && second) {
    const root = propertyOf(objectLiteralOf(checker, callArguments[2]), 'root');
    return [{ kind: 'path', value: root ?? second, label: text }];
  }
  if (receiver && name === 'mv' && isUploadedFile(checker, receiver))
    return [{ kind: 'path', value: first, label: text }];
  if (
    receiver &&
    isResponseLike(checker, receiver) &&
    (name === 'sendFile' || name === 'download' || name === 'sendfile')
  ) {
    const options = name === 'download' ? callArguments[2] : second;
    // With a root, the root is what must not come from outside; Express's send refuses `..` in the path.
    const root = propertyOf(objectLiteralOf(checker, options), 'root');
    if (root) return [{ kind: 'path', value: root, label: text }];
    return [{ kind: 'path', value: first, label: text, rejectsParentSegments: true }];
  }
  return undefined;
}
