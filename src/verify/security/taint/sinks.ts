import ts from 'typescript';
import {
  type FileFacts,
  leadingText,
  literalParts,
  objectLiteralOf,
  propertyNameText,
  propertyOf,
  type ResolvedCallee,
  shortText,
  skipOuter,
} from './file-facts.js';
import type { SinkKind } from './taint-value.js';

/** One argument of a call (or an assigned value) that must not carry taint of some kind. */
export interface SinkUse {
  kind: SinkKind;
  value: ts.Expression;
  /** The sink as the message names it: `pool.query`, `child_process.exec`, `element.innerHTML`. */
  label: string;
  /** A NoSQL filter object: its properties are judged one by one. */
  filter?: boolean;
}

const sqlMethods = new Set([
  'query',
  'execute',
  'raw',
  'unsafe',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'queryRaw',
]);
const sqlStatementMethods = new Set(['prepare', 'exec', 'run', 'all', 'get', 'each', 'iterate']);
const sqlBuilderMethods = new Set([
  'whereRaw',
  'orWhereRaw',
  'havingRaw',
  'orderByRaw',
  'joinRaw',
  'selectRaw',
  'groupByRaw',
  'fromRaw',
]);
const sqlReceiver =
  /(^|\.|_)(db|database|sql|sqlite|pool|client|conn|connection|knex|trx|tx|transaction|prisma|pg|mysql|queryRunner|manager|dataSource|sequelize|connectionPool|repo|repository)\b/i;
const sqlWords =
  /\b(select|insert|update|delete|with|create|drop|alter|merge|replace|call|exec|truncate)\b[\s\S]*\b(from|into|set|table|where|values|index|procedure|by)\b|\bwhere\b|\border by\b/i;
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
  'realpath',
  'realpathSync',
  'readlink',
  'watch',
  'existsSync',
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
  'outputFile',
  'readJson',
  'writeJson',
  'remove',
  'pathExists',
]);
const twoPathFunctions = new Set([
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
]);
const shells = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|zsh|dash|cmd|cmd\.exe|powershell|pwsh)$/;
const httpClientMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'options']);
const httpClients = new Set([
  'axios',
  'got',
  'node-fetch',
  'undici',
  'superagent',
  'needle',
  'ky',
  'request',
  'phin',
]);
const logMethods = new Set([
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'silly',
  'notice',
]);
const mongoMethods = new Set([
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'countDocuments',
  'count',
  'replaceOne',
  'distinct',
  'findById',
  'where',
]);

/** Whether an expression is a response object: `res`, `reply`, `res.status(404)`, `ctx.res`. */
export function isResponseLike(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return /^(res|response|reply|resp|rep)$/.test(inner.text);
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression))
    return isResponseLike(inner.expression.expression);
  if (ts.isPropertyAccessExpression(inner)) return /^(res|raw|response)$/.test(inner.name.text);
  return false;
}

/** Koa's and Hono's context objects, which send responses themselves: `ctx.redirect`, `c.html`. */
function isContextLike(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return ts.isIdentifier(inner) && /^(ctx|c|context)$/.test(inner.text);
}

function enclosingFunctionText(node: ts.Node): string {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isFunctionLike(current) && !ts.isSourceFile(current)) current = current.parent;
  return current ? current.getText() : '';
}

const nonHtmlType =
  /content-type['"`]?\s*[,:]\s*['"`](application\/json|text\/plain|application\/octet-stream|text\/csv)|\.type\(\s*['"`](json|text|txt|application\/json|text\/plain)['"`]|\.contentType\(/i;
const htmlType = /text\/html|\.type\(\s*['"`]html['"`]\)/i;

function isSqlText(value: ts.Expression): boolean {
  return literalParts(value).some((part) => sqlWords.test(part));
}

function shellSinks(
  callee: ResolvedCallee,
  call: ts.CallExpression | ts.NewExpression,
  checker: ts.TypeChecker,
): SinkUse[] {
  const label = `child_process.${callee.name}`;
  const [command, second, third] = call.arguments ?? [];
  if (!command) return [];
  if (callee.name === 'exec' || callee.name === 'execSync') return [{ kind: 'shell', value: command, label }];
  const options = second && ts.isArrayLiteralExpression(skipOuter(second)) ? third : (third ?? second);
  const shellOption = propertyOf(objectLiteralOf(checker, options), 'shell');
  const usesShell = shellOption !== undefined && skipOuter(shellOption).kind !== ts.SyntaxKind.FalseKeyword;
  const args = second && skipOuter(second);
  if (usesShell) {
    const uses: SinkUse[] = [{ kind: 'shell', value: command, label }];
    if (args && ts.isArrayLiteralExpression(args)) {
      for (const element of args.elements) uses.push({ kind: 'shell', value: element, label });
    } else if (args) uses.push({ kind: 'shell', value: args, label });
    return uses;
  }
  const program = skipOuter(command);
  if (
    ts.isStringLiteralLike(program) &&
    shells.test(program.text) &&
    args &&
    ts.isArrayLiteralExpression(args)
  ) {
    const flag = args.elements.findIndex((element) => {
      const inner = skipOuter(element);
      return ts.isStringLiteralLike(inner) && /^(-c|\/c|-Command)$/i.test(inner.text);
    });
    const script = flag >= 0 ? args.elements[flag + 1] : undefined;
    if (script) return [{ kind: 'shell', value: script, label }];
  }
  return [];
}

function urlArgument(first: ts.Expression, checker: ts.TypeChecker): ts.Expression[] {
  const object = objectLiteralOf(checker, first);
  if (!object) return [first];
  return ['url', 'host', 'hostname', 'baseURL', 'uri'].flatMap((name) => {
    const value = propertyOf(object, name);
    return value ? [value] : [];
  });
}

/** The sinks a call feeds, by module and name; empty for calls that are not sinks. */
export function callSinks(
  facts: FileFacts,
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.NewExpression,
  callee: ResolvedCallee,
): SinkUse[] {
  const { module, name, receiver, text } = callee;
  const callArguments = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const [first, second] = callArguments;
  if (!first) return [];
  const receiverText = receiver ? shortText(receiver, facts.sourceFile) : '';

  if (module === 'child_process' || (receiver && /child_?process|^cp$/i.test(receiverText))) {
    if (['exec', 'execSync', 'execFile', 'execFileSync', 'spawn', 'spawnSync'].includes(name))
      return shellSinks({ ...callee, name }, call, checker);
    return [];
  }
  if (module === 'execa' && (name === 'execaCommand' || name === 'execaCommandSync' || name === 'command'))
    return [{ kind: 'shell', value: first, label: text }];
  if (module === 'execa' && (name === 'execa' || name === 'execaSync' || name === '*')) {
    const options =
      callArguments[2] ?? (second && !ts.isArrayLiteralExpression(skipOuter(second)) ? second : undefined);
    return propertyOf(objectLiteralOf(checker, options), 'shell')
      ? [{ kind: 'shell', value: first, label: text }]
      : [];
  }
  if (module === 'shelljs' && name === 'exec') return [{ kind: 'shell', value: first, label: text }];

  if ((module === 'fs' || module === 'fs-extra' || module === 'graceful-fs') && fsPathFunctions.has(name)) {
    const uses: SinkUse[] = [{ kind: 'path', value: first, label: `fs.${name}` }];
    if (second && twoPathFunctions.has(name)) uses.push({ kind: 'path', value: second, label: `fs.${name}` });
    return uses;
  }
  if (
    receiver &&
    isResponseLike(receiver) &&
    (name === 'sendFile' || name === 'download' || name === 'sendfile')
  ) {
    const options = name === 'download' ? callArguments[2] : second;
    return propertyOf(objectLiteralOf(checker, options), 'root')
      ? []
      : [{ kind: 'path', value: first, label: text }];
  }

  if (!receiver && name === 'eval' && !module) return [{ kind: 'code', value: first, label: 'eval' }];
  if (!receiver && name === 'Function' && !module)
    return callArguments.map((value) => ({ kind: 'code', value, label: 'Function' }));
  if (
    !receiver &&
    (name === 'setTimeout' || name === 'setInterval') &&
    !ts.isFunctionLike(skipOuter(first))
  ) {
    const type = checker.getTypeAtLocation(first);
    if (type.flags & ts.TypeFlags.StringLike) return [{ kind: 'code', value: first, label: name }];
    return [];
  }
  if (
    module === 'vm' &&
    ['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script'].includes(name)
  )
    return [{ kind: 'code', value: first, label: `vm.${name}` }];
  if (name === '$where' && receiver) return [{ kind: 'nosql', value: first, label: text }];

  if (module === 'node-serialize' && (name === 'unserialize' || name === '*'))
    return [{ kind: 'deserialization', value: first, label: 'node-serialize.unserialize' }];
  if (module === 'v8' && name === 'deserialize')
    return [{ kind: 'deserialization', value: first, label: 'v8.deserialize' }];
  if (
    module === 'js-yaml' &&
    (name === 'unsafeLoad' || (name === 'load' && /FULL|js\/function|unsafe/i.test(second?.getText() ?? '')))
  )
    return [{ kind: 'deserialization', value: first, label: `js-yaml.${name}` }];
  if (
    (module === 'funcster' || module === 'cryo' || module === 'serialize-to-js') &&
    /deserial|parse/i.test(name)
  )
    return [{ kind: 'deserialization', value: first, label: text }];

  if (
    !receiver &&
    name === 'fetch' &&
    (!module || module === 'node-fetch' || module === 'undici' || module === 'cross-fetch')
  )
    return urlArgument(first, checker).map((value) => ({ kind: 'ssrf', value, label: 'fetch' }));
  if (module && httpClients.has(module) && (!receiver || httpClientMethods.has(name)))
    return urlArgument(first, checker).map((value) => ({ kind: 'ssrf', value, label: text }));
  if (
    (module === 'http' || module === 'https' || module === 'http2') &&
    (name === 'get' || name === 'request' || name === 'connect')
  )
    return urlArgument(first, checker).map((value) => ({ kind: 'ssrf', value, label: `${module}.${name}` }));

  if (name === 'parseFilter' && (module === 'ldapjs' || /ldap/i.test(receiverText)))
    return [{ kind: 'ldap', value: first, label: text }];
  if (receiver && name === 'search') {
    const filter = propertyOf(objectLiteralOf(checker, second), 'filter');
    const ldapLike =
      /ldap/i.test(receiverText) ||
      module === 'ldapjs' ||
      facts.modules.has('ldapjs') ||
      facts.modules.has('ldapts') ||
      (filter !== undefined && literalParts(filter).some((part) => part.includes('(') && part.includes('=')));
    if (ldapLike) {
      const uses: SinkUse[] = [{ kind: 'ldap', value: first, label: text }];
      if (filter) uses.push({ kind: 'ldap', value: filter, label: text });
      return uses;
    }
  }

  if (!receiver && name === 'RegExp') return [{ kind: 'regexp', value: first, label: 'RegExp' }];
  if (receiver && (name === 'match' || name === 'matchAll' || name === 'search')) {
    const argument = skipOuter(first);
    const type = checker.getTypeAtLocation(argument);
    if (
      !ts.isRegularExpressionLiteral(argument) &&
      !ts.isNewExpression(argument) &&
      !(type.getSymbol()?.name === 'RegExp')
    )
      return [{ kind: 'regexp', value: first, label: `String.${name}` }];
    return [];
  }

  if (
    module === 'xpath' ||
    module === 'xpath-ts' ||
    ((name === 'evaluate' || name === 'select') && /doc|xpath|xml|dom/i.test(receiverText))
  ) {
    if (['select', 'select1', 'evaluate', 'parse', 'useNamespaces'].includes(name))
      return [{ kind: 'xpath', value: first, label: text }];
  }
  if (
    receiver &&
    (name === 'find' || name === 'get') &&
    /xml|libxml/i.test(receiverText) &&
    ts.isStringLiteralLike(skipOuter(first)) === false
  )
    return [{ kind: 'xpath', value: first, label: text }];

  if (receiver && sqlMethods.has(name) && !/(^|\.)req$/.test(receiverText)) {
    if (sqlReceiver.test(receiverText) || isSqlText(first) || name.startsWith('$') || name === 'unsafe')
      return [{ kind: 'sql', value: first, label: text }];
  }
  if (receiver && sqlBuilderMethods.has(name)) return [{ kind: 'sql', value: first, label: text }];
  const preparedStatement =
    !!receiver &&
    ts.isCallExpression(skipOuter(receiver)) &&
    /\.prepare$/.test(shortText((skipOuter(receiver) as ts.CallExpression).expression, facts.sourceFile));
  if (
    receiver &&
    !preparedStatement &&
    sqlStatementMethods.has(name) &&
    (sqlReceiver.test(receiverText) || isSqlText(first))
  ) {
    if (!ts.isFunctionLike(skipOuter(first))) return [{ kind: 'sql', value: first, label: text }];
  }
  if (
    receiver &&
    /QueryBuilder|createQueryBuilder/.test(receiverText) &&
    ['where', 'andWhere', 'orWhere', 'orderBy', 'having'].includes(name)
  )
    return [{ kind: 'sql', value: first, label: text }];

  if (
    receiver &&
    mongoMethods.has(name) &&
    !ts.isFunctionLike(skipOuter(first)) &&
    !/^prisma\./.test(receiverText)
  ) {
    const object = objectLiteralOf(checker, first);
    if (object && (propertyOf(object, 'where') || propertyOf(object, 'include'))) return [];
    const mongoLike =
      facts.modules.has('mongodb') ||
      facts.modules.has('mongoose') ||
      /collection|model|^[A-Z]|db\./i.test(receiverText);
    if (mongoLike) return [{ kind: 'nosql', value: first, label: text, filter: true }];
  }

  if (receiver && (isResponseLike(receiver) || isContextLike(receiver))) {
    const sinks = responseSinks(call, callee, facts);
    if (sinks.length > 0) return sinks;
  }
  if (
    (receiverText === 'document' || receiverText === 'window.document') &&
    (name === 'write' || name === 'writeln')
  )
    return callArguments.map((value) => ({ kind: 'html', value, label: `document.${name}` }));
  if (name === 'insertAdjacentHTML' && second) return [{ kind: 'html', value: second, label: text }];
  if (name === 'createContextualFragment' || name === 'setHTMLUnsafe' || name === 'parseHTMLUnsafe')
    return [{ kind: 'html', value: first, label: text }];
  if (
    name === 'html' &&
    receiver &&
    ts.isCallExpression(skipOuter(receiver)) &&
    /^(\$|jQuery)$/.test(shortText((skipOuter(receiver) as ts.CallExpression).expression, facts.sourceFile))
  )
    return [{ kind: 'html', value: first, label: text }];
  if (module === 'hono/html' && name === 'raw') return [{ kind: 'html', value: first, label: 'raw' }];

  if (
    receiver &&
    (receiverText === 'location' || receiverText === 'window.location') &&
    (name === 'assign' || name === 'replace')
  )
    return [{ kind: 'redirect', value: first, label: text }];
  if (receiver && name === 'redirect' && /^(Response|NextResponse)$/.test(receiverText))
    return [{ kind: 'redirect', value: first, label: text }];
  if (receiver && name === 'set' && /headers$/i.test(receiverText) && second)
    return headerSinks(first, second, text);

  if (
    receiver &&
    logMethods.has(name) &&
    (receiverText === 'console' ||
      /(^|\.)(log|logger|winston|pino|bunyan|fastify\.log|request\.log|req\.log)$/i.test(receiverText))
  ) {
    return callArguments
      .filter((argument) => !ts.isObjectLiteralExpression(skipOuter(argument)))
      .map((value) => ({ kind: 'log' as const, value, label: text }));
  }
  return [];
}

function headerSinks(name: ts.Expression, value: ts.Expression, label: string): SinkUse[] {
  const header = skipOuter(name);
  const headerName = ts.isStringLiteralLike(header) ? header.text.toLowerCase() : '';
  if (headerName === 'location') return [{ kind: 'redirect', value, label }];
  if (headerName.startsWith('access-control-')) return [];
  return [{ kind: 'header', value, label }];
}

function responseSinks(
  call: ts.CallExpression | ts.NewExpression,
  callee: ResolvedCallee,
  facts: FileFacts,
): SinkUse[] {
  const { name, text, receiver } = callee;
  const callArguments = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const [first, second] = callArguments;
  if (!first || !receiver) return [];
  const context = isContextLike(receiver);
  if (name === 'redirect') {
    const target = second && ts.isNumericLiteral(skipOuter(first)) ? second : first;
    return [{ kind: 'redirect', value: target, label: text }];
  }
  if ((name === 'setHeader' || name === 'header' || name === 'set' || name === 'append') && second)
    return headerSinks(first, second, text);
  if (name === 'writeHead') {
    const headers = callArguments.find((argument) => ts.isObjectLiteralExpression(skipOuter(argument)));
    if (!headers) return [];
    return (skipOuter(headers) as ts.ObjectLiteralExpression).properties.flatMap((property) => {
      if (!ts.isPropertyAssignment(property)) return [];
      const header = propertyNameText(property.name) ?? '';
      return headerSinks(ts.factory.createStringLiteral(header), property.initializer, text);
    });
  }
  if (context && name === 'html') return [{ kind: 'html', value: first, label: text }];
  if (context) return [];
  const isFastify = /^(reply|rep)/.test(shortText(receiver, facts.sourceFile));
  if (name === 'send' || name === 'write' || name === 'end') {
    const functionText = enclosingFunctionText(call);
    if (nonHtmlType.test(functionText) || nonHtmlType.test(receiver.getText())) return [];
    if (isFastify && !htmlType.test(functionText)) return [];
    const leading = leadingText(first);
    if (leading !== undefined && /^\s*[{[]/.test(leading) && !leading.includes('<')) return [];
    return [{ kind: 'html', value: first, label: text }];
  }
  return [];
}

/** The sink an assignment feeds: `element.innerHTML = …`, `ctx.body = …`, `location.href = …`. */
export function assignmentSink(
  target: ts.Expression,
  sourceFile: ts.SourceFile,
): Omit<SinkUse, 'value'> | undefined {
  const inner = skipOuter(target);
  if (!ts.isPropertyAccessExpression(inner)) {
    if (ts.isIdentifier(inner) && inner.text === 'location') return { kind: 'redirect', label: 'location' };
    return undefined;
  }
  const name = inner.name.text;
  const objectText = shortText(inner.expression, sourceFile);
  if (name === 'innerHTML' || name === 'outerHTML') return { kind: 'html', label: `${objectText}.${name}` };
  if (name === 'body' && /^(ctx|context)$/.test(objectText)) {
    const functionText = enclosingFunctionText(inner);
    if (/ctx\.type\s*=\s*['"`](json|text|application\/json|text\/plain)/.test(functionText)) return undefined;
    return { kind: 'html', label: `${objectText}.body` };
  }
  if (
    (name === 'href' && /^(window\.)?location$/.test(objectText)) ||
    (name === 'location' && /^(window|document)$/.test(objectText))
  )
    return { kind: 'redirect', label: `${objectText}.${name}` };
  return undefined;
}
