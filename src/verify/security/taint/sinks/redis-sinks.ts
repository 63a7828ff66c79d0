import ts from 'typescript';
import { skipOuter } from '../file-facts.js';
import { madeFromPackage } from '../package-origin.js';
import type { SinkCall, SinkUse } from './sink-use.js';

/** The Redis client packages whose command methods flatten array and object arguments into the command. */
const redisModules = ['redis', 'ioredis'];

/**
 * Commands whose extra arguments change what is written: a key or value that arrives as an array from a
 * parsed body becomes further arguments (`EX`, `GET`, more fields), so it must be a string.
 */
const writingCommands = new Set([
  'set',
  'setex',
  'setnx',
  'psetex',
  'getset',
  'mset',
  'msetnx',
  'hset',
  'hmset',
  'hsetnx',
  'lpush',
  'rpush',
  'lpushx',
  'rpushx',
  'lset',
  'sadd',
  'srem',
  'zadd',
  'zrem',
  'hdel',
  'del',
  'unlink',
  'append',
  'rename',
  'expire',
]);

/** Methods that hand back a client of the same connection: in a chain or to a callback. */
const clientMakers = new Set(['multi', 'pipeline', 'batch', 'duplicate']);

function isRedisClient(checker: ts.TypeChecker, receiver: ts.Expression, depth = 0): boolean {
  if (depth > 4) return false;
  const inner = skipOuter(receiver);
  if (redisModules.some((module) => madeFromPackage(checker, inner, module))) return true;
  // `client.multi().set(…)`: a chain on a client is the same client.
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression)) {
    const method = inner.expression.name.text;
    if (clientMakers.has(method) || writingCommands.has(method))
      return isRedisClient(checker, inner.expression.expression, depth + 1);
  }
  // `client.duplicate((error, copy) => …)`: the callback's client.
  const declaration = ts.isIdentifier(inner)
    ? checker.getSymbolAtLocation(inner)?.valueDeclaration
    : undefined;
  if (declaration && ts.isParameter(declaration)) {
    const call = declaration.parent.parent;
    if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression)) {
      const method = call.expression.name.text;
      return method === 'duplicate' && isRedisClient(checker, call.expression.expression, depth + 1);
    }
  }
  return false;
}

/** A Redis write command's arguments: each must arrive as a string, not as an array of further arguments. */
export function redisSinks({ callee, checker, callArguments }: SinkCall): SinkUse[] | undefined {
  const { receiver, name, text } = callee;
  if (!receiver || !writingCommands.has(name) || !isRedisClient(checker, receiver)) return undefined;
  return callArguments
    .filter((argument) => !ts.isFunctionLike(skipOuter(argument)))
    .map((value) => ({ kind: 'nosql', value, label: `${text} (Redis command arguments)` }));
}
