import ts from 'typescript';
import { skipOuter } from '../file-facts.js';
import type { SinkCall, SinkUse } from './sink-use.js';

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
const loggers = /(^|\.)(log|logger|winston|pino|bunyan|fastify\.log|request\.log|req\.log)$/i;

/** Log lines: text arguments of console and logger methods (structured fields are left alone). */
export function logSinks({ callee, callArguments, receiverText }: SinkCall): SinkUse[] | undefined {
  const { name, receiver, text } = callee;
  if (receiver && logMethods.has(name) && (receiverText === 'console' || loggers.test(receiverText))) {
    return callArguments
      .filter((argument) => !ts.isObjectLiteralExpression(skipOuter(argument)))
      .map((value) => ({ kind: 'log' as const, value, label: text }));
  }
  return undefined;
}
