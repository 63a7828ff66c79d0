import ts from 'typescript';
import { methodListPositions, wrapsInPromise } from './promise-wrappers.js';

/** What a local name stands for: a module's export (`exec` of child_process) or the module itself (`*`). */
export interface ImportedName {
  module: string;
  name: string;
  /** For a module wrapped by a helper told which methods to copy, the only methods it has. */
  methods?: ReadonlySet<string>;
}

/** Per-file facts the analysis looks up often: which local names come from which modules. */
export interface FileFacts {
  sourceFile: ts.SourceFile;
  imports: ReadonlyMap<string, ImportedName>;
  /** Modules the file imports, normalised (`node:fs/promises` is `fs`). */
  modules: ReadonlySet<string>;
}

/** A callee as the sink and sanitiser tables match it. */
export interface ResolvedCallee {
  /** The module the function comes from, when the file imports it. */
  module: string | undefined;
  /** The function or method name, such as `exec` or `query`. */
  name: string;
  /** The object a method is called on, when the callee is `receiver.name`. */
  receiver: ts.Expression | undefined;
  /** The callee as written, for messages: `pool.query`. */
  text: string;
}

/** `node:fs/promises` and `fs/promises` are `fs`; `node:` prefixes go. */
export function normaliseModule(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  return bare === 'fs/promises' ? 'fs' : bare.replace(/\/promises$/, '');
}

function requiredModule(expression: ts.Expression | undefined): string | undefined {
  let inner = expression;
  while (inner && (ts.isAwaitExpression(inner) || ts.isParenthesizedExpression(inner)))
    inner = inner.expression;
  if (
    inner &&
    ts.isCallExpression(inner) &&
    (inner.expression.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(inner.expression) && inner.expression.text === 'require'))
  ) {
    const argument = inner.arguments[0];
    if (argument && ts.isStringLiteralLike(argument)) return normaliseModule(argument.text);
  }
  if (inner && ts.isPropertyAccessExpression(inner)) {
    const module = requiredModule(inner.expression);
    if (module) return module;
  }
  return undefined;
}

/** The name a callee ends in, as written: `promisify` of `util.promisify(…)`, `get` of `app.get(…)`; empty otherwise. */
export function calledName(callee: ts.Expression): string {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return ts.isIdentifier(callee) ? callee.text : '';
}

/** `fn.bind(self)` with nothing bound but the receiver: the same function for what its arguments reach. */
function unbound(expression: ts.Expression): ts.Expression {
  const inner = skipOuter(expression);
  if (
    ts.isCallExpression(inner) &&
    inner.arguments.length <= 1 &&
    ts.isPropertyAccessExpression(inner.expression) &&
    inner.expression.name.text === 'bind'
  )
    return inner.expression.expression;
  return inner;
}

/** The promisify helper a call is made to, with its module (none for any function named `promisify`); undefined for other calls. */
function promiseWrapperOf(
  facts: FileFacts | undefined,
  call: ts.CallExpression,
): { module: string | undefined } | undefined {
  const callee = skipOuter(call.expression);
  if (calledName(callee) === 'promisify') return { module: undefined };
  let module: string | undefined;
  let name = '*';
  if (facts && ts.isIdentifier(callee)) {
    const imported = facts.imports.get(callee.text);
    module = imported?.module;
    name = imported?.name ?? '';
  } else if (facts && ts.isPropertyAccessExpression(callee)) {
    module = moduleOfObject(facts, callee.expression);
    name = callee.name.text;
  } else if (ts.isCallExpression(callee)) module = requiredModule(callee);
  return wrapsInPromise(module, name) ? { module } : undefined;
}

/** The function or module a promisify helper's call wraps: `cp.exec` of `pify(cp.exec.bind(cp))`. */
export function promisified(
  facts: FileFacts | undefined,
  expression: ts.Expression | undefined,
): ts.Expression | undefined {
  if (!expression) return undefined;
  const inner = skipOuter(expression);
  if (!ts.isCallExpression(inner) || !inner.arguments[0]) return undefined;
  return promiseWrapperOf(facts, inner) ? unbound(inner.arguments[0]) : undefined;
}

/**
 * The only methods a wrapped module has when its helper was given their names and a fresh object
 * (`thenifyAll(cp, {}, ['exec'])`): the others are never copied, so calling one throws.
 */
export function listedMethods(facts: FileFacts, expression: ts.Expression): ReadonlySet<string> | undefined {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return facts.imports.get(inner.text)?.methods;
  if (!ts.isCallExpression(inner) || !inner.arguments[0]) return undefined;
  const positions = methodListPositions(promiseWrapperOf(facts, inner)?.module);
  const list = positions && inner.arguments[positions.methods];
  const destination = positions && inner.arguments[positions.destination];
  if (!list || !ts.isArrayLiteralExpression(skipOuter(list))) return undefined;
  const fresh = destination && skipOuter(destination);
  if (!fresh || !ts.isObjectLiteralExpression(fresh) || fresh.properties.length > 0) return undefined;
  const names = (skipOuter(list) as ts.ArrayLiteralExpression).elements;
  if (!names.every(ts.isStringLiteralLike)) return undefined;
  return new Set(names.map((name) => (name as ts.StringLiteralLike).text));
}

/** Reads a file's imports, requires and `promisify(exec)` aliases once. */
export function readFileFacts(sourceFile: ts.SourceFile): FileFacts {
  const imports = new Map<string, ImportedName>();
  const modules = new Set<string>();
  const aliases: [string, ts.Expression][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const module = normaliseModule(node.moduleSpecifier.text);
      modules.add(module);
      const clause = node.importClause;
      if (clause?.name) imports.set(clause.name.text, { module, name: '*' });
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, name: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          imports.set(element.name.text, { module, name: imported === 'default' ? '*' : imported });
        }
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) {
        const module = normaliseModule(expression.text);
        modules.add(module);
        imports.set(node.name.text, { module, name: '*' });
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      const module = requiredModule(node.initializer);
      if (module) {
        modules.add(module);
        const initializer = skipOuter(node.initializer);
        const member = ts.isPropertyAccessExpression(initializer) ? initializer.name.text : undefined;
        if (ts.isIdentifier(node.name)) imports.set(node.name.text, { module, name: member ?? '*' });
        else if (ts.isObjectBindingPattern(node.name)) {
          for (const element of node.name.elements) {
            const property = element.propertyName ?? element.name;
            if (ts.isIdentifier(element.name) && ts.isIdentifier(property))
              imports.set(element.name.text, { module, name: property.text });
          }
        }
      }
      if (ts.isIdentifier(node.name)) aliases.push([node.name.text, node.initializer]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const facts: FileFacts = { sourceFile, imports, modules };
  for (const [alias, initializer] of aliases) {
    const original = promisified(facts, initializer);
    const resolved = original && resolveExpression(facts, original);
    if (!resolved?.module) continue;
    const methods = listedMethods(facts, initializer);
    imports.set(alias, { module: resolved.module, name: resolved.name, ...(methods ? { methods } : {}) });
  }
  return facts;
}

function resolveExpression(
  facts: FileFacts,
  expression: ts.Expression,
): { module: string | undefined; name: string } | undefined {
  if (ts.isIdentifier(expression)) {
    const imported = facts.imports.get(expression.text);
    if (imported) return imported;
    return { module: undefined, name: expression.text };
  }
  if (ts.isPropertyAccessExpression(expression)) {
    const name = expression.name.text;
    const module = moduleOfObject(facts, expression.expression);
    return { module, name };
  }
  const module = requiredModule(expression);
  return module ? { module, name: '*' } : undefined;
}

/** The module an object expression stands for: `cp` of `import * as cp`, `require('fs').promises`, `fs.promises`. */
export function moduleOfObject(facts: FileFacts, expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) {
    const imported = facts.imports.get(expression.text);
    if (imported?.name === '*') return imported.module;
    if (imported?.name === 'promises' && imported.module === 'fs') return 'fs';
    return undefined;
  }
  if (ts.isPropertyAccessExpression(expression) && expression.name.text === 'promises')
    return moduleOfObject(facts, expression.expression);
  // `promisifyAll(fs).readFile`: the wrapped module's methods, promise-returning.
  const wrapped = promisified(facts, expression);
  if (wrapped) return moduleOfObject(facts, wrapped);
  return requiredModule(expression);
}

/** Resolves a call's callee to module, name and receiver. */
export function resolveCallee(facts: FileFacts, callee: ts.Expression): ResolvedCallee | undefined {
  const inner = skipOuter(callee);
  if (inner.kind === ts.SyntaxKind.ImportKeyword)
    return { module: undefined, name: 'import', receiver: undefined, text: 'import' };
  const text = shortText(inner, facts.sourceFile);
  if (ts.isIdentifier(inner)) {
    const imported = facts.imports.get(inner.text);
    if (imported) {
      return {
        module: imported.module,
        name: imported.name === '*' ? inner.text : imported.name,
        receiver: undefined,
        text,
      };
    }
    return { module: undefined, name: inner.text, receiver: undefined, text };
  }
  if (ts.isPropertyAccessExpression(inner)) {
    const methods = listedMethods(facts, inner.expression);
    return {
      module: methods && !methods.has(inner.name.text) ? undefined : moduleOfObject(facts, inner.expression),
      name: inner.name.text,
      receiver: inner.expression,
      text,
    };
  }
  // `util.promisify(cp.exec)(command)`: the promise form takes the same arguments as the function it wraps.
  const wrapped = promisified(facts, inner);
  if (wrapped && (ts.isIdentifier(skipOuter(wrapped)) || ts.isPropertyAccessExpression(skipOuter(wrapped))))
    return resolveCallee(facts, wrapped);
  // `require('cross-spawn')(command)`: the module's own export, called in place.
  const required = ts.isCallExpression(inner) ? requiredModule(inner) : undefined;
  if (required) return { module: required, name: '*', receiver: undefined, text };
  if (ts.isElementAccessExpression(inner) && ts.isStringLiteralLike(inner.argumentExpression)) {
    return {
      module: moduleOfObject(facts, inner.expression),
      name: inner.argumentExpression.text,
      receiver: inner.expression,
      text,
    };
  }
  return undefined;
}

/** Strips parentheses, type assertions and non-null assertions, which change nothing at run time. */
export function skipOuter(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isNonNullExpression(inner) ||
    ts.isSatisfiesExpression(inner) ||
    ts.isTypeAssertionExpression(inner)
  ) {
    inner = inner.expression;
  }
  return inner;
}

/** A node's text on one line, shortened for messages. */
export function shortText(node: ts.Node, sourceFile: ts.SourceFile): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length > 48 ? `${text.slice(0, 45)}...` : text;
}

export function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** The constant text a string expression starts with: a literal, a template head or a `+` chain's left end. */
export function leadingText(expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isTemplateExpression(inner)) return inner.head.text;
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return leadingText(inner.left);
  return undefined;
}

/** Every constant piece of a string expression, to tell a SQL text or an LDAP filter by its words. */
export function literalParts(expression: ts.Expression): string[] {
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return [inner.text];
  if (ts.isTemplateExpression(inner))
    return [inner.head.text, ...inner.templateSpans.map((span) => span.literal.text)];
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return [...literalParts(inner.left), ...literalParts(inner.right)];
  return [];
}

/** An object literal's property by name, or undefined. */
export function propertyOf(object: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!object) return undefined;
  const inner = skipOuter(object);
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  for (const property of inner.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name)
      return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The object literal an expression is, directly or through a `const` initialised with one. */
export function objectLiteralOf(
  checker: ts.TypeChecker,
  expression: ts.Expression | undefined,
): ts.ObjectLiteralExpression | undefined {
  if (!expression) return undefined;
  const inner = skipOuter(expression);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  if (ts.isIdentifier(inner)) {
    const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const initializer = skipOuter(declaration.initializer);
      if (ts.isObjectLiteralExpression(initializer)) return initializer;
    }
  }
  return undefined;
}
