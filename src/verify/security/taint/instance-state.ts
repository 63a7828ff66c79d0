import ts from 'typescript';
import { mayNameAccessor } from './accessor-names.js';
import { shortText, skipOuter } from './file-facts.js';
import type { FunctionLike } from './function-summary.js';
import { referenceKey } from './taint-env.js';
import { clean, sourceTaint, type Tainted, union, withFlags, withStep } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** The parameter index a taint origin gives `this`, whose fields a method reads. */
export const thisParameter = -1;

/** The object a method is called on, as a summary's `this`. */
export interface Receiver {
  /** Where its fields live in the environment (`#12`, `this`, `#3.job`); undefined for a temporary. */
  key: string | undefined;
  /** The whole object's taint, for fields the analysis knows nothing of. */
  taint: Tainted;
  /** The receiver as written, for the path a message shows. */
  text: string;
}

export function receiverOf(walk: WalkState, expression: ts.Expression | undefined, taint: Tainted): Receiver {
  if (!expression) return { key: undefined, taint, text: '' };
  const key = referenceKey(walk.checker, expression);
  return { key, taint, text: shortText(expression, walk.sourceFile) };
}

/** A field of `this` read in a summary walk before anything was written to it: the caller's field, symbolically. */
export function thisFieldTaint(walk: WalkState, field: string, line: number): Tainted | undefined {
  if (!walk.functionKey) return undefined;
  const origin = {
    category: 'parameter' as const,
    label: `this.${field}`,
    parameterIndex: thisParameter,
    field,
    functionName: walk.functionKey,
  };
  return [sourceTaint(origin, line, true)];
}

/** A field of a receiver: what the walk knows of it, the caller's field when it is `this`, else the whole object. */
export function readField(walk: WalkState, receiver: Receiver, field: string, line: number): Tainted {
  if (receiver.key) {
    const known = walk.environment.get(`${receiver.key}.${field}`);
    if (known) return known;
    if (receiver.key === 'this') {
      const symbolic = thisFieldTaint(walk, field, line);
      if (symbolic) return symbolic;
    }
  }
  return withFlags(receiver.taint, { container: false });
}

/** Stores fields into a receiver, one by one, and the tainted ones into the whole object as a container. */
export function writeFields(
  walk: WalkState,
  key: string,
  label: string,
  fields: ReadonlyMap<string, Tainted>,
  line: number,
): void {
  const whole: Tainted[] = [walk.environment.get(key) ?? clean];
  for (const [field, value] of fields) {
    walk.environment.set(`${key}.${field}`, withStep(value, `${label}.${field}`, line));
    if (value.length > 0) whole.push(withFlags(value, { container: true }));
  }
  walk.environment.set(key, union(...whole));
}

/** Whether a function has a `this` of its own whose fields a summary should record. */
export function hasOwnThis(fn: FunctionLike): boolean {
  return (
    ts.isConstructorDeclaration(fn) ||
    ts.isMethodDeclaration(fn) ||
    ts.isGetAccessorDeclaration(fn) ||
    ts.isSetAccessorDeclaration(fn) ||
    ts.isFunctionDeclaration(fn) ||
    ts.isFunctionExpression(fn)
  );
}

/** Adds the fields of `this` at one exit of a function to those seen at its other exits. */
export function recordThisAtExit(walk: WalkState): void {
  if (!walk.thisAtReturns) return;
  for (const [field, value] of walk.environment.fieldsOf('this')) {
    const before = walk.thisAtReturns.get(field);
    walk.thisAtReturns.set(field, before ? union(before, value) : value);
  }
}

/**
 * What a constructor does before its body: parameter properties (`constructor(private cmd: string)`)
 * and the class's instance field initialisers, in that order, as TypeScript emits them.
 */
export function initialiseFields(walk: WalkState, fn: FunctionLike, parameters: readonly Tainted[]): void {
  if (!ts.isConstructorDeclaration(fn)) return;
  fn.parameters.forEach((parameter, index) => {
    if (ts.isIdentifier(parameter.name) && ts.getModifiers(parameter)?.length)
      walk.environment.set(`this.${parameter.name.text}`, parameters[index] ?? clean);
  });
  for (const [field, initializer] of fieldInitialisers(fn.parent))
    walk.environment.set(`this.${field}`, initializer ? walk.evaluate(initializer) : clean);
}

/** A class's instance fields with their initialisers (undefined for a field declared without one). */
export function fieldInitialisers(
  declaration: ts.ClassLikeDeclaration,
): [string, ts.Expression | undefined][] {
  const fields: [string, ts.Expression | undefined][] = [];
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    if (ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (
      ts.isIdentifier(member.name) ||
      ts.isPrivateIdentifier(member.name) ||
      ts.isStringLiteral(member.name)
    )
      fields.push([member.name.text, member.initializer]);
  }
  return fields;
}

/** The class (or function used as one) a `new` expression builds, when the project declares it. */
export function constructedClass(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): ts.ClassLikeDeclaration | ts.FunctionDeclaration | ts.FunctionExpression | undefined {
  let symbol = checker.getSymbolAtLocation(skipOuter(expression));
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  for (const declaration of symbol?.declarations ?? []) {
    if (declaration.getSourceFile().isDeclarationFile) continue;
    if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) return declaration;
    if (ts.isFunctionDeclaration(declaration) && declaration.body) return declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const initializer = skipOuter(declaration.initializer);
      if (ts.isClassExpression(initializer)) return initializer;
      if (ts.isFunctionExpression(initializer)) return initializer;
    }
  }
  return undefined;
}

/** The constructor that runs for a class: its own, or the nearest one it inherits. */
export function constructorOf(
  checker: ts.TypeChecker,
  declaration: ts.ClassLikeDeclaration,
  depth = 0,
): ts.ConstructorDeclaration | undefined {
  const own = declaration.members.find(
    (member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && !!member.body,
  );
  if (own || depth > 8) return own;
  const base = baseClassOf(checker, declaration);
  return base ? constructorOf(checker, base, depth + 1) : undefined;
}

/** The class a class extends, when the project declares it. */
export function baseClassOf(
  checker: ts.TypeChecker,
  declaration: ts.ClassLikeDeclaration,
): ts.ClassLikeDeclaration | undefined {
  const heritage = declaration.heritageClauses?.find(
    (clause) => clause.token === ts.SyntaxKind.ExtendsKeyword,
  );
  const [extended] = heritage?.types ?? [];
  if (!extended) return undefined;
  const base = constructedClass(checker, extended.expression);
  return base && !ts.isFunctionDeclaration(base) && !ts.isFunctionExpression(base) ? base : undefined;
}

/** The project's own getter or setter a property access runs, if it names one. */
export function accessorOf(
  checker: ts.TypeChecker,
  node: ts.PropertyAccessExpression,
  kind: 'get' | 'set',
): ts.AccessorDeclaration | undefined {
  if (!mayNameAccessor(checker, node.name.text)) return undefined;
  const symbol = checker.getSymbolAtLocation(node.name);
  const flag = kind === 'get' ? ts.SymbolFlags.GetAccessor : ts.SymbolFlags.SetAccessor;
  if (!symbol || (symbol.flags & flag) === 0) return undefined;
  for (const declaration of symbol.declarations ?? []) {
    const accessor =
      (kind === 'get' && ts.isGetAccessorDeclaration(declaration)) ||
      (kind === 'set' && ts.isSetAccessorDeclaration(declaration))
        ? declaration
        : undefined;
    if (accessor?.body && !accessor.getSourceFile().isDeclarationFile) return accessor;
  }
  return undefined;
}

/** Binds the fields of an object just built (`const job = new Job(…)`) to the name it is stored in. */
export function bindPendingInstance(
  walk: WalkState,
  targetKey: string | undefined,
  label: string,
  value: ts.Expression,
  line: number,
): void {
  const pending = walk.pendingInstance;
  if (!pending || pending.node !== skipOuter(value)) return;
  walk.pendingInstance = undefined;
  if (targetKey) writeFields(walk, targetKey, label, pending.fields, line);
}
