import ts from 'typescript';
import { functionName } from './contract-sinks.js';
import { skipOuter } from './file-facts.js';
import { resolvedSymbol } from './function-values.js';

/** Whether a declaration is the function itself or the variable or property that holds it. */
function declares(declaration: ts.Declaration, fn: ts.Node): boolean {
  if (declaration === fn) return true;
  const initializer =
    (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer
      ? skipOuter(declaration.initializer)
      : undefined;
  return initializer === fn;
}

/**
 * Whether the project's own code calls a function: then what the callers do with its result is
 * followed where they use it, and a promise in its JSDoc need not stand in for unseen callers.
 */
export function calledInProject(program: ts.Program, fn: ts.SignatureDeclaration): boolean {
  const name = functionName(fn);
  if (name === undefined) return false;
  const checker = program.getTypeChecker();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    if (!sourceFile.text.includes(name)) continue;
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node)) {
        const callee = skipOuter(node.expression);
        const named = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        if (ts.isIdentifier(named) && named.text === name) {
          const symbol = resolvedSymbol(checker, named);
          if (symbol?.declarations?.some((declaration) => declares(declaration, fn))) found = true;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    if (found) return true;
  }
  return false;
}
