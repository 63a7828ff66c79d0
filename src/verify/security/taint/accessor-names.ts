import ts from 'typescript';
import { programOf } from './checker-programs.js';

/** Per checker, the names of every getter and setter with a body in the program's own code; `any` for a computed name. */
const namesByChecker = new WeakMap<ts.TypeChecker, ReadonlySet<string> | 'any'>();

function accessorNames(program: ts.Program): ReadonlySet<string> | 'any' {
  const names = new Set<string>();
  let computed = false;
  const visit = (node: ts.Node): void => {
    if (ts.isAccessor(node) && node.body) {
      const name = node.name;
      if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name))
        names.add(name.text);
      else if (ts.isNumericLiteral(name)) names.add(name.text);
      else computed = true;
    }
    ts.forEachChild(node, visit);
  };
  for (const sourceFile of program.getSourceFiles()) {
    if (!sourceFile.isDeclarationFile) visit(sourceFile);
  }
  return computed ? 'any' : names;
}

/**
 * Whether a property of this name can run one of the program's own getters or setters: asking the
 * checker for the symbol of every property access is one of the analysis's costliest questions, and
 * the answer is no for every name no accessor with a body declares.
 */
export function mayNameAccessor(checker: ts.TypeChecker, name: string): boolean {
  let names = namesByChecker.get(checker);
  if (names === undefined) {
    const program = programOf(checker);
    if (!program) return true;
    names = accessorNames(program);
    namesByChecker.set(checker, names);
  }
  return names === 'any' || names.has(name);
}
