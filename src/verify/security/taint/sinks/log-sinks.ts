import ts from 'typescript';
import { conventionalNames, isLoggerKnowledge, receiverKnowledge } from '../../../recognise/index.js';
import { skipOuter } from '../file-facts.js';
import { isStructuredValue } from '../structured-values.js';
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

function isGlobalConsole(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  const inner = skipOuter(receiver);
  if (!ts.isIdentifier(inner) || inner.text !== 'console') return false;
  const declarations = checker.getSymbolAtLocation(inner)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/** Log lines: text arguments of console and logger methods (structured fields are left alone); loggers by type first. */
export function logSinks({
  call,
  callee,
  checker,
  callArguments,
  receiverText,
}: SinkCall): SinkUse[] | undefined {
  const { name, receiver, text } = callee;
  if (!receiver || !logMethods.has(name)) return undefined;
  let inferred: string | undefined;
  if (!isGlobalConsole(checker, receiver)) {
    const knowledge = receiverKnowledge(checker, skipOuter(call.expression));
    if (knowledge.kind === 'untyped') {
      if (!conventionalNames.logger.test(receiverText)) return undefined;
      inferred = `\`${receiverText}\` is taken for a logger by its name; it has no declared type`;
    } else if (!isLoggerKnowledge(knowledge)) return undefined;
  }
  return callArguments
    .filter((argument) => !isStructuredValue(checker, argument))
    .map((value) => {
      const use: SinkUse = { kind: 'log', value, label: text };
      if (inferred) use.inferred = inferred;
      return use;
    });
}
