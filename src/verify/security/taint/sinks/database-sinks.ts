import ts from 'typescript';
import {
  conventionalNames,
  databaseHandleOfKnowledge,
  databaseLanguageOfPackage,
  isQueryBuilder,
  receiverKnowledge,
} from '../../../recognise/index.js';
import { calledName, literalParts, objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import { packageOrigin } from '../package-origin.js';
import { pgPromiseQuerySinks } from './pg-promise-formatting.js';
import type { SinkCall, SinkUse } from './sink-use.js';

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
const queryBuilderMethods = ['where', 'andWhere', 'orWhere', 'orderBy', 'having'];
const sqlWords =
  /\b(select|insert|update|delete|with|create|drop|alter|merge|replace|call|exec|truncate)\b[\s\S]*\b(from|into|set|table|where|values|index|procedure|by)\b|\bwhere\b|\border by\b/i;
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

function isSqlText(value: ts.Expression): boolean {
  return literalParts(value).some((part) => sqlWords.test(part));
}

/** Why a receiver with no declarations is taken for a database: its name; undefined when SQL text says so. */
function nameGuess(receiverText: string, what: string): string {
  return `\`${receiverText}\` is taken for ${what} by its name; it has no declared type`;
}

/** pg-promise's database methods, each of which takes SQL text first. */
const pgPromiseMethods = new Set([
  'any',
  'many',
  'manyOrNone',
  'map',
  'multi',
  'multiResult',
  'none',
  'one',
  'oneOrNone',
  'query',
  'result',
  'each',
  'stream',
]);

/** SQL text: driver query methods, raw query-builder fragments, statements outside a prepared one. */
export function sqlSinks({
  call,
  callee,
  checker,
  first: argument,
  receiverText,
}: SinkCall): SinkUse[] | undefined {
  let first = argument;
  const { name, receiver, text } = callee;
  if (!receiver) return undefined;
  const knowledge = receiverKnowledge(checker, skipOuter(call.expression));
  if (knowledge.kind !== 'untyped') {
    // Declared types decide: a project's own class or any other library is not a database driver.
    const handle = databaseHandleOfKnowledge(knowledge);
    if (handle?.language !== 'sql') return undefined;
    if (sqlMethods.has(name) || sqlBuilderMethods.has(name))
      return [{ kind: 'sql', value: first, label: text }];
    if (
      !handle.prepared &&
      !isQueryBuilder(knowledge) &&
      sqlStatementMethods.has(name) &&
      !ts.isFunctionLike(skipOuter(first))
    )
      return [{ kind: 'sql', value: first, label: text }];
    return undefined;
  }
  // Only these methods can be sinks of an untyped handle; asking where the receiver came from costs a walk.
  const candidate =
    sqlMethods.has(name) ||
    sqlBuilderMethods.has(name) ||
    sqlStatementMethods.has(name) ||
    pgPromiseMethods.has(name) ||
    queryBuilderMethods.includes(name);
  if (!candidate) return undefined;
  const origin = packageOrigin(checker, receiver);
  if (origin === 'pg-promise' && pgPromiseMethods.has(name))
    return pgPromiseQuerySinks(checker, call.arguments ?? [], text);
  // mysql's `query({ sql, values })`: the text is the object's `sql` (or pg's `text`) property.
  const object = objectLiteralOf(checker, first);
  const textProperty = object && (propertyOf(object, 'sql') ?? propertyOf(object, 'text'));
  if (textProperty) first = textProperty;
  const preparedStatement =
    ts.isCallExpression(skipOuter(receiver)) &&
    calledName((skipOuter(receiver) as ts.CallExpression).expression) === 'prepare';
  const statementCall =
    !preparedStatement && sqlStatementMethods.has(name) && !ts.isFunctionLike(skipOuter(first));
  // Made from a database package (`pool.request().query(…)` of mssql): the package decides, not names.
  const language = origin === undefined ? undefined : databaseLanguageOfPackage(origin);
  if (language === 'sql')
    return sqlMethods.has(name) || sqlBuilderMethods.has(name) || statementCall
      ? [{ kind: 'sql', value: first, label: text }]
      : undefined;
  if (language === 'nosql') return undefined;
  const sqlText = isSqlText(first);
  const sink = (): SinkUse[] => {
    const use: SinkUse = { kind: 'sql', value: first, label: text };
    if (!sqlText) use.inferred = nameGuess(receiverText, 'a database handle');
    return [use];
  };
  // A receiver named like a request reads its query string (`c.req.query('q')`) unless it is given SQL text.
  const requestNamed = conventionalNames.request.test(receiverText.split('.').pop() ?? '');
  if (sqlMethods.has(name) && (!requestNamed || sqlText)) {
    if (
      sqlText ||
      conventionalNames.sqlHandle.test(receiverText) ||
      name.startsWith('$') ||
      name === 'unsafe'
    )
      return sink();
  }
  if (sqlBuilderMethods.has(name)) return sink();
  if (statementCall && (conventionalNames.sqlHandle.test(receiverText) || sqlText)) return sink();
  if (/QueryBuilder|createQueryBuilder/.test(receiverText) && queryBuilderMethods.includes(name))
    return sink();
  return undefined;
}

/** `query.$where(code)`: JavaScript run by the database. */
export function whereSinks({ callee, first }: SinkCall): SinkUse[] | undefined {
  if (callee.name === '$where' && callee.receiver)
    return [{ kind: 'nosql', value: first, label: callee.text }];
  return undefined;
}

/** Whether an untyped receiver was made by a `model(…)` call (Mongoose's way to define a model), in this file or the one it is imported from. */
function madeByModelCall(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  const inner = skipOuter(receiver);
  if (!ts.isIdentifier(inner)) return false;
  let symbol = checker.getSymbolAtLocation(inner);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  let initializer =
    declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  if (!initializer && declaration && ts.isExportAssignment(declaration)) initializer = declaration.expression;
  const call = initializer && skipOuter(initializer);
  return !!call && ts.isCallExpression(call) && calledName(call.expression) === 'model';
}

/** MongoDB and Mongoose filters, whose values must not be objects with operators. */
export function mongoSinks({
  call,
  callee,
  facts,
  checker,
  first,
  receiverText,
}: SinkCall): SinkUse[] | undefined {
  const { name, receiver, text } = callee;
  if (!receiver || !mongoMethods.has(name) || ts.isFunctionLike(skipOuter(first))) return undefined;
  const knowledge = receiverKnowledge(checker, skipOuter(call.expression));
  if (knowledge.kind !== 'untyped') {
    const handle = databaseHandleOfKnowledge(knowledge);
    return handle?.language === 'nosql'
      ? [{ kind: 'nosql', value: first, label: text, filter: true }]
      : undefined;
  }
  const object = objectLiteralOf(checker, first);
  if (object && (propertyOf(object, 'where') || propertyOf(object, 'include'))) return [];
  if (madeByModelCall(checker, receiver)) return [{ kind: 'nosql', value: first, label: text, filter: true }];
  const mongoModule = facts.modules.has('mongodb') || facts.modules.has('mongoose');
  if (mongoModule || conventionalNames.nosqlHandle.test(receiverText) || /\.collection\(/.test(receiverText))
    return [
      {
        kind: 'nosql',
        value: first,
        label: text,
        filter: true,
        inferred: mongoModule
          ? `\`${receiverText}\` is taken for a MongoDB handle because the file imports a MongoDB library; it has no declared type`
          : nameGuess(receiverText, 'a MongoDB collection'),
      },
    ];
  return undefined;
}
