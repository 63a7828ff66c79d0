import ts from 'typescript';
import { type FileFacts, type ResolvedCallee, shortText } from '../file-facts.js';
import { mongoSinks, sqlSinks, whereSinks } from './database-sinks.js';
import { codeSinks, deserializationSinks, shellSinks } from './execution-sinks.js';
import { fetchResponseSinks } from './fetch-responses.js';
import { fileLibrarySinks } from './file-libraries.js';
import { fileSinks } from './file-sinks.js';
import { logSinks } from './log-sinks.js';
import { ldapSinks, regexpSinks, xpathSinks } from './pattern-sinks.js';
import { redisSinks } from './redis-sinks.js';
import { requestSinks } from './request-sinks.js';
import { responseSinks } from './response-sinks.js';
import type { SinkFinder, SinkUse } from './sink-use.js';
import { templateSinks } from './template-sinks.js';

export { assignmentSink } from './response-sinks.js';
export type { SinkUse } from './sink-use.js';

/** The sink families in the order they are asked: the first to claim a call decides (LDAP's `search` before the string method). */
const sinkFinders: readonly SinkFinder[] = [
  shellSinks,
  fileSinks,
  fileLibrarySinks,
  codeSinks,
  templateSinks,
  whereSinks,
  deserializationSinks,
  requestSinks,
  ldapSinks,
  regexpSinks,
  xpathSinks,
  sqlSinks,
  redisSinks,
  mongoSinks,
  fetchResponseSinks,
  responseSinks,
  logSinks,
];

/** The sinks a call feeds, by module and name; empty for calls that are not sinks. */
export function callSinks(
  facts: FileFacts,
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.NewExpression,
  callee: ResolvedCallee,
): SinkUse[] {
  const callArguments = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const [first, second] = callArguments;
  if (!first) return [];
  const receiverText = callee.receiver ? shortText(callee.receiver, facts.sourceFile) : '';
  const sinkCall = { facts, checker, call, callee, callArguments, first, second, receiverText };
  for (const findSinks of sinkFinders) {
    const sinks = findSinks(sinkCall);
    if (sinks) return sinks;
  }
  return [];
}
