import ts from 'typescript';
import {
  type FileFacts,
  listedMethods,
  moduleOfObject,
  normaliseModule,
  type ResolvedCallee,
  skipOuter,
} from './file-facts.js';
import { functionOfValue } from './function-values.js';
import { fsLikeModules } from './sinks/file-libraries.js';

/** How many calls and `const` hops a module value is followed through. */
const maxDepth = 4;

/** Whether a call is Node's `require` or a dynamic `import`, not a project function of that name. */
function isLoader(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (!ts.isIdentifier(callee) || callee.text !== 'require') return false;
  const declarations = checker.getSymbolAtLocation(callee)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/** The module names a loader's argument can be: a literal, or each branch of a conditional of literals. */
function specifiers(expression: ts.Expression): string[] | undefined {
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return [normaliseModule(inner.text)];
  if (ts.isConditionalExpression(inner)) {
    const whenTrue = specifiers(inner.whenTrue);
    const whenFalse = specifiers(inner.whenFalse);
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : undefined;
  }
  return undefined;
}

/** Every expression a function returns, or undefined when it has none to follow. */
function returnedExpressions(
  fn: ts.SignatureDeclaration & { body?: ts.ConciseBody | undefined },
): ts.Expression[] | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return [body];
  const returned: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return returned.length > 0 ? returned : undefined;
}

function candidates(
  checker: ts.TypeChecker,
  facts: FileFacts,
  expression: ts.Expression,
  depth: number,
): string[] | undefined {
  if (depth > maxDepth) return undefined;
  const inner = skipOuter(expression);
  const known = moduleOfObject(facts, inner);
  if (known) return [known];
  if (ts.isIdentifier(inner)) {
    const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (declaration.getSourceFile() !== inner.getSourceFile()) return undefined;
    return candidates(checker, facts, declaration.initializer, depth + 1);
  }
  if (!ts.isCallExpression(inner)) return undefined;
  if (isLoader(checker, inner)) return inner.arguments[0] ? specifiers(inner.arguments[0]) : undefined;
  // A project function that hands back one module or another: `getFs(special).readFile(…)`.
  const fn = functionOfValue(checker, inner.expression);
  if (!fn || fn.getSourceFile() !== inner.getSourceFile()) return undefined;
  const cached = modulesReturned.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  modulesReturned.set(fn, null);
  const all = returnedModules(checker, facts, returnedExpressions(fn), depth);
  modulesReturned.set(fn, all ?? null);
  return all;
}

/** Per function: the modules its returns name, or null when they are not all modules. */
const modulesReturned = new WeakMap<ts.Node, string[] | null>();

function returnedModules(
  checker: ts.TypeChecker,
  facts: FileFacts,
  returned: ts.Expression[] | undefined,
  depth: number,
): string[] | undefined {
  if (!returned) return undefined;
  const all: string[] = [];
  for (const value of returned) {
    const some = candidates(checker, facts, value, depth + 1);
    if (!some) return undefined;
    all.push(...some);
  }
  return all;
}

/**
 * The module an object stands for when the code chooses it at run time (`require(flag ? 'a' : 'b')`)
 * or a project function returns it: the one module every choice names, or `fs` when every choice is
 * a module with fs's API. Undefined when the choices differ or cannot be followed.
 */
export function moduleOfValue(
  checker: ts.TypeChecker,
  facts: FileFacts,
  expression: ts.Expression,
): string | undefined {
  const found = candidates(checker, facts, expression, 0);
  if (!found || found.length === 0 || found.some((module) => /^[./]/.test(module))) return undefined;
  const [first] = found;
  if (found.every((module) => module === first)) return first;
  return found.every((module) => fsLikeModules.has(module)) ? 'fs' : undefined;
}

/** A method callee whose object is such a chosen module, resolved to that module; undefined otherwise. */
export function calleeOfChosenModule(
  checker: ts.TypeChecker,
  facts: FileFacts,
  callee: ResolvedCallee,
): ResolvedCallee | undefined {
  if (callee.module || !callee.receiver) return undefined;
  if (listedMethods(facts, callee.receiver)?.has(callee.name) === false) return undefined;
  const module = moduleOfValue(checker, facts, callee.receiver);
  return module ? { ...callee, module } : undefined;
}
