import ts from 'typescript';
import { type FileFacts, promisified, type ResolvedCallee, resolveCallee, skipOuter } from './file-facts.js';
import { assignedFields } from './sinks/assigned-fields.js';

/**
 * The function a method call reaches when the code stored it on the object itself earlier
 * (`client.putAsync = promisify(client.put)`, `store.write = fs.writeFile`): the stored function,
 * resolved as a callee, with the arguments in place; undefined for any other call.
 */
export function assignedMethodCallee(
  checker: ts.TypeChecker,
  facts: FileFacts,
  callee: ResolvedCallee,
  call: ts.CallExpression | ts.NewExpression,
): ResolvedCallee | undefined {
  if (!callee.receiver) return undefined;
  const [target] = assignedFields(checker, callee.receiver, [callee.name]).filter(
    (field) => field.getSourceFile() === call.getSourceFile() && field.getStart() < call.getStart(),
  );
  const assignment = target?.parent;
  if (!assignment || !ts.isBinaryExpression(assignment) || assignment.left !== target) return undefined;
  const value = skipOuter(assignment.right);
  const stored = promisified(facts, value) ?? value;
  const inner = skipOuter(stored);
  if (!ts.isPropertyAccessExpression(inner) && !ts.isIdentifier(inner)) return undefined;
  return resolveCallee(facts, inner);
}
