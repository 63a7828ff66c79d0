import ts from 'typescript';
import { hasOrigin, typeKnowledge } from './declared-origin.js';

/** The package of AWS Lambda's declarations (`@types/aws-lambda`), whose trigger events are outside data. */
export const lambdaTypesPackage = 'aws-lambda';
const lambdaPackages = new Set([lambdaTypesPackage]);
/** Types of that package a handler gets that are not the event: the runtime's context and callback. */
const runtimeTypes = new Set(['Context', 'Callback', 'Handler']);

/**
 * How Baton knows a function's first parameter is the event of an AWS Lambda invocation: `type`, it
 * is declared as one of the trigger events of `@types/aws-lambda` (an API Gateway request, an S3
 * notification…); `name`, in untyped code, the function is exported as `handler`, the name
 * Lambda's runtimes call by default.
 */
export type LambdaEventEvidence = 'type' | 'name';

/** Whether a function is assigned to or exported as `handler`: `exports.handler = …`, `export const handler = …`. */
function isExportedAsHandler(fn: ts.SignatureDeclaration): boolean {
  if (ts.isFunctionDeclaration(fn))
    return fn.name?.text === 'handler' && (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Export) !== 0;
  let holder: ts.Node = fn.parent;
  while (
    ts.isParenthesizedExpression(holder) ||
    ts.isAsExpression(holder) ||
    ts.isSatisfiesExpression(holder)
  )
    holder = holder.parent;
  if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = holder.left;
    if (!ts.isPropertyAccessExpression(target) || target.name.text !== 'handler') return false;
    const owner = target.expression;
    return (
      (ts.isIdentifier(owner) && owner.text === 'exports') ||
      (ts.isPropertyAccessExpression(owner) &&
        owner.name.text === 'exports' &&
        ts.isIdentifier(owner.expression) &&
        owner.expression.text === 'module')
    );
  }
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || holder.name.text !== 'handler')
    return false;
  return (ts.getCombinedModifierFlags(holder) & ts.ModifierFlags.Export) !== 0;
}

/**
 * Whether a function receives a Lambda event in its first parameter. The checker is asked only of a
 * function exported as `handler` or in a file that imports Lambda's declarations (`typesImported`):
 * elsewhere no parameter can be declared with them by name.
 */
export function lambdaEventOf(
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration,
  typesImported: boolean,
): LambdaEventEvidence | undefined {
  const [event] = fn.parameters;
  if (!event) return undefined;
  const exported = isExportedAsHandler(fn);
  if (!exported && !typesImported) return undefined;
  const knowledge = typeKnowledge(checker, checker.getTypeAtLocation(event.name));
  const origin = hasOrigin(knowledge, lambdaPackages);
  if (origin) return runtimeTypes.has(origin.name) ? undefined : 'type';
  return exported && knowledge.kind === 'untyped' ? 'name' : undefined;
}
