import ts from 'typescript';
import { literalParts, objectLiteralOf, propertyOf, shortText, skipOuter } from '../file-facts.js';
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
const sqlReceiver =
  /(^|\.|_)(db|database|sql|sqlite|pool|client|conn|connection|knex|trx|tx|transaction|prisma|pg|mysql|queryRunner|manager|dataSource|sequelize|connectionPool|repo|repository)\b/i;
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

/** SQL text: driver query methods, raw query-builder fragments, statements outside a prepared one. */
export function sqlSinks({ callee, facts, first, receiverText }: SinkCall): SinkUse[] | undefined {
  const { name, receiver, text } = callee;
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
  if (receiver && /QueryBuilder|createQueryBuilder/.test(receiverText) && queryBuilderMethods.includes(name))
    return [{ kind: 'sql', value: first, label: text }];
  return undefined;
}

/** `query.$where(code)`: JavaScript run by the database. */
export function whereSinks({ callee, first }: SinkCall): SinkUse[] | undefined {
  if (callee.name === '$where' && callee.receiver)
    return [{ kind: 'nosql', value: first, label: callee.text }];
  return undefined;
}

/** MongoDB and Mongoose filters, whose values must not be objects with operators. */
export function mongoSinks({ callee, facts, checker, first, receiverText }: SinkCall): SinkUse[] | undefined {
  const { name, receiver, text } = callee;
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
  return undefined;
}
