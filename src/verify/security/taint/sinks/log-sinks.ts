import ts from 'typescript';
import { conventionalNames, isLoggerKnowledge, receiverKnowledge } from '../../../recognise/index.js';
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

function isGlobalConsole(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  const inner = skipOuter(receiver);
  if (!ts.isIdentifier(inner) || inner.text !== 'console') return false;
  const declarations = checker.getSymbolAtLocation(inner)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/**
 * An argument whose type is an object (an error, a parsed body of a declared shape): the logger prints
 * it as a structured value with its strings quoted and escaped, so it cannot forge a line; only text
 * (or an untyped value) spliced into the message can.
 */
function isStructured(checker: ts.TypeChecker, argument: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(argument);
  const members = type.isUnion() ? type.types : [type];
  return (
    members.every(
      (member) =>
        (member.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive)) !== 0 ||
        (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0,
    ) && members.some((member) => (member.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive)) !== 0)
  );
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
    .filter((argument) => !ts.isObjectLiteralExpression(skipOuter(argument)))
    .filter((argument) => !isStructured(checker, argument))
    .map((value) => {
      const use: SinkUse = { kind: 'log', value, label: text };
      if (inferred) use.inferred = inferred;
      return use;
    });
}
