import type ts from 'typescript';
import { expressionKnowledge, hasOrigin, type TypeKnowledge } from './declared-origin.js';

const loggerPackages = new Set([
  'pino',
  'winston',
  'bunyan',
  'log4js',
  'loglevel',
  'node:console',
  'typescript',
]);
const loggerNames = new Set([
  'Logger',
  'BaseLogger',
  'LoggerExtras',
  'Console',
  'FastifyBaseLogger',
  'LogMethod',
  'LeveledLogMethod',
]);
const frameworkLoggers = new Set(['fastify']);

/** Whether a type is a logger: pino's, winston's, bunyan's, the console, or a framework's logger. */
export function isLoggerKnowledge(knowledge: TypeKnowledge): boolean {
  return (
    hasOrigin(knowledge, loggerPackages, loggerNames) !== undefined ||
    hasOrigin(knowledge, frameworkLoggers, new Set(['FastifyBaseLogger', 'FastifyLoggerInstance'])) !==
      undefined
  );
}

/** Whether an expression is a logger, by its declared type. */
export function isLogger(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  return isLoggerKnowledge(expressionKnowledge(checker, expression));
}
