import ts from 'typescript';
import type { TypeDiagnostic } from '../check.js';
import { type ApiProblem, apiRules } from './api-finding.js';
import type { DeprecatedIndex } from './deprecated-names.js';
import { isBareSpecifier, isNodeBuiltin, type PackageIndex, packageNameOf } from './package-index.js';

/** Where an expression's value comes from, judged from syntax alone. */
export type ExpressionRoot =
  | { kind: 'module'; specifier: string }
  | { kind: 'global'; name: string }
  | { kind: 'literal' }
  | { kind: 'local' };

/** Globals Node.js adds; everything else global comes from the TypeScript lib. */
const nodeGlobals = new Set([
  'Buffer',
  'process',
  'global',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'setImmediate',
  'clearImmediate',
]);

function requiredModule(expression: ts.Expression | undefined): string | undefined {
  const inner = expression && ts.isAwaitExpression(expression) ? expression.expression : expression;
  if (!inner || !ts.isCallExpression(inner)) return undefined;
  const isLoad =
    (ts.isIdentifier(inner.expression) && inner.expression.text === 'require') ||
    inner.expression.kind === ts.SyntaxKind.ImportKeyword;
  const [argument] = inner.arguments;
  return isLoad && argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

/**
 * Resolves expressions to their roots (`createHash('x').update(…)` → the import of node:crypto) by
 * reading the file's imports and variable initialisers, ignoring scopes: enough to tell an external
 * API from the project's own code without building a program.
 */
export function createRootResolver(sourceFile: ts.SourceFile): (expression: ts.Expression) => ExpressionRoot {
  const imports = new Map<string, string>();
  const initializers = new Map<string, ts.Expression | undefined>();
  const locals = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier) && node.importClause) {
      const specifier = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause.name) imports.set(clause.name.text, specifier);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, specifier);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) imports.set(element.name.text, specifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteralLike(expression)) imports.set(node.name.text, expression.text);
    } else if (ts.isVariableDeclaration(node)) {
      const loaded = requiredModule(node.initializer);
      if (ts.isIdentifier(node.name)) {
        if (loaded) imports.set(node.name.text, loaded);
        else initializers.set(node.name.text, node.initializer);
      } else {
        for (const element of node.name.elements) {
          if (ts.isBindingElement(element) && ts.isIdentifier(element.name)) {
            if (loaded) imports.set(element.name.text, loaded);
            else locals.add(element.name.text);
          }
        }
      }
    } else if (
      (ts.isParameter(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isEnumDeclaration(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    ) {
      locals.add(node.name.text);
    } else if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
      locals.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  const resolve = (expression: ts.Expression, depth: number): ExpressionRoot => {
    let current: ts.Expression = expression;
    for (;;) {
      if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
        current = current.expression;
      else if (ts.isCallExpression(current) || ts.isNewExpression(current)) current = current.expression;
      else if (
        ts.isParenthesizedExpression(current) ||
        ts.isNonNullExpression(current) ||
        ts.isAwaitExpression(current)
      ) {
        current = current.expression;
      } else if (ts.isAsExpression(current) || ts.isSatisfiesExpression(current))
        current = current.expression;
      else break;
    }
    if (
      ts.isStringLiteralLike(current) ||
      ts.isTemplateExpression(current) ||
      ts.isNumericLiteral(current) ||
      ts.isArrayLiteralExpression(current) ||
      ts.isRegularExpressionLiteral(current)
    ) {
      return { kind: 'literal' };
    }
    if (!ts.isIdentifier(current)) return { kind: 'local' };
    const name = current.text;
    const specifier = imports.get(name);
    if (specifier !== undefined)
      return isBareSpecifier(specifier) ? { kind: 'module', specifier } : { kind: 'local' };
    if (initializers.has(name)) {
      const initializer = initializers.get(name);
      return initializer && depth < 5 ? resolve(initializer, depth + 1) : { kind: 'local' };
    }
    if (locals.has(name)) return { kind: 'local' };
    return { kind: 'global', name };
  };
  return (expression) => resolve(expression, 0);
}

/** The package and version, or Node.js or the TypeScript lib, that an external root was checked against. */
export function describeRoot(
  root: ExpressionRoot,
  packages: PackageIndex,
  fromDirectory: string,
): string | undefined {
  if (root.kind === 'literal') return `TypeScript ${ts.version} lib`;
  if (root.kind === 'global')
    return nodeGlobals.has(root.name)
      ? `Node.js ${process.versions.node} built-ins`
      : `TypeScript ${ts.version} lib`;
  if (root.kind !== 'module') return undefined;
  if (isNodeBuiltin(root.specifier)) return `Node.js ${process.versions.node} built-ins`;
  const installed = packages.findInstalled(packageNameOf(root.specifier), fromDirectory);
  return installed ? `${installed.name}@${installed.version}` : undefined;
}

export function isExternalRoot(root: ExpressionRoot): boolean {
  return root.kind !== 'local';
}

const exportCodes = new Set([2305, 2724, 2614, 1192]);
const memberCodes = new Set([2339, 2551]);
const arityCodes = new Set([2554, 2555, 2575]);

/** The innermost node that starts exactly at `position`, to map a compiler diagnostic back to syntax. */
export function nodeStartingAt(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart(sourceFile) <= position && position < node.getEnd()) {
      if (node.getStart(sourceFile) === position) found = node;
      ts.forEachChild(node, visit);
    }
  };
  visit(sourceFile);
  return found;
}

/** The call a diagnostic belongs to: the one whose callee or argument list holds the node. */
function owningCall(node: ts.Node): ts.CallExpression | ts.NewExpression | undefined {
  for (
    let current: ts.Node = node;
    current.parent && !ts.isBlock(current) && !ts.isSourceFile(current);
    current = current.parent
  ) {
    const parent = current.parent;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent;
  }
  return ts.isCallExpression(node) || ts.isNewExpression(node) ? node : undefined;
}

function suggestionIn(message: string): string | undefined {
  return /Did you mean '([^']+)'\?/.exec(message)?.[1];
}

export interface SyntacticRuleContext {
  sourceFile: ts.SourceFile;
  packages: PackageIndex;
  rootOf: (expression: ts.Expression) => ExpressionRoot;
  fromDirectory: string;
}

/** What syntax could explain, and whether some member or arity diagnostic needs the type checker. */
export interface SyntacticExplanation {
  problems: ApiProblem[];
  /** A member or call on a project value (`this`, a subclass instance, a callback parameter) that may still be a package's API. */
  needsChecker: boolean;
}

/**
 * Explains the compiler's API diagnostics for a file it checked (natively, out of process) from
 * syntax alone: which import, member or call is wrong, and which package version it was checked against.
 */
export function explainFromSyntax(
  context: SyntacticRuleContext,
  diagnostics: readonly TypeDiagnostic[],
): SyntacticExplanation {
  const { sourceFile, packages, rootOf, fromDirectory } = context;
  const problems: ApiProblem[] = [];
  let needsChecker = false;
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code;
    if (!exportCodes.has(code) && !memberCodes.has(code) && !arityCodes.has(code)) continue;
    const node = nodeStartingAt(
      sourceFile,
      sourceFile.getPositionOfLineAndCharacter(diagnostic.line - 1, diagnostic.column - 1),
    );
    if (!node) continue;
    const suggestion = suggestionIn(diagnostic.message);
    if (exportCodes.has(code)) {
      let declaration: ts.Node | undefined = node;
      while (declaration && !ts.isImportDeclaration(declaration)) declaration = declaration.parent;
      if (!declaration || !ts.isStringLiteralLike(declaration.moduleSpecifier)) continue;
      const specifier = declaration.moduleSpecifier.text;
      const root: ExpressionRoot = isBareSpecifier(specifier)
        ? { kind: 'module', specifier }
        : { kind: 'local' };
      const name = node.getText(sourceFile);
      const usable = suggestion && !suggestion.includes(' ') ? suggestion : undefined;
      problems.push({
        ruleId: apiRules.missingExport,
        node,
        message:
          code === 1192
            ? `Module "${specifier}" has no default export.`
            : `Module "${specifier}" has no export named "${name}".${usable ? ` Did you mean "${usable}"?` : ''}`,
        hint: usable
          ? `Import "${usable}" instead.`
          : `Import a name "${specifier}" exports; the compiler said: ${diagnostic.message.split('\n')[0]}`,
        ...(usable ? { suggestion: usable } : {}),
        ...(root.kind === 'module' ? { checkedAgainst: describeRoot(root, packages, fromDirectory) } : {}),
      });
    } else if (memberCodes.has(code)) {
      const parent = node.parent;
      if (!ts.isIdentifier(node) || !parent || !ts.isPropertyAccessExpression(parent) || parent.name !== node)
        continue;
      const root = rootOf(parent.expression);
      if (!isExternalRoot(root)) {
        needsChecker = true;
        continue;
      }
      const receiver = /on type '(.+?)'(\.|$)/.exec(diagnostic.message)?.[1];
      // A namespace import's type reads `typeof import("/absolute/path")`: named as the program-based rule names it.
      const where = receiver?.startsWith('typeof import(')
        ? `module ${parent.expression.getText(sourceFile)}`
        : receiver
          ? `type ${receiver}`
          : parent.expression.getText(sourceFile);
      problems.push({
        ruleId: apiRules.missingMember,
        node,
        message: `"${node.text}" does not exist on ${where}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        hint: suggestion ? `Use "${suggestion}".` : 'Use a member the API declares; check its documentation.',
        ...(suggestion ? { suggestion } : {}),
        checkedAgainst: describeRoot(root, packages, fromDirectory),
      });
    } else {
      const call = owningCall(node);
      if (!call) continue;
      const root = rootOf(call.expression);
      if (!isExternalRoot(root)) {
        needsChecker = true;
        continue;
      }
      const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
      problems.push({
        ruleId: apiRules.wrongArity,
        node: callee,
        message: `${callee.getText(sourceFile)}: ${diagnostic.message.split('\n')[0]}`,
        hint: 'Pass the arguments its declaration asks for; check the signature in its documentation.',
        checkedAgainst: describeRoot(root, packages, fromDirectory),
      });
    }
  }
  return { problems, needsChecker };
}

/** Whether a name is deprecated in a place and package this use could reach. */
function reaches(
  deprecated: DeprecatedIndex,
  name: string,
  places: readonly string[],
  owners: readonly string[],
): boolean {
  const declared = deprecated.get(name);
  if (!declared) return false;
  return places.some((place) => owners.some((owner) => declared.has(`${place} ${owner}`)));
}

/** The packages whose declarations describe what an import of `specifier` gives. */
function ownersOf(specifier: string): string[] {
  if (isNodeBuiltin(specifier)) return ['@types/node'];
  const name = packageNameOf(specifier);
  const typesName = name.startsWith('@') ? `@types/${name.slice(1).replace('/', '__')}` : `@types/${name}`;
  // Values a package returns are often Node.js objects (streams, buffers) typed by @types/node.
  return [name, typesName, '@types/node'];
}

/**
 * Whether a file may use a deprecated external API: a name deprecated in a place and package the
 * use can reach (a call of an imported function, a member of a value from a package or Node.js).
 * Only such files need the type checker for the deprecation rule.
 */
export function hasDeprecationCandidates(
  sourceFile: ts.SourceFile,
  deprecated: DeprecatedIndex,
  rootOf: (expression: ts.Expression) => ExpressionRoot,
): boolean {
  let found = false;
  const check = (name: string, root: ExpressionRoot, direct: boolean): void => {
    if (root.kind === 'module') {
      found ||= reaches(
        deprecated,
        name,
        direct ? ['module', 'member'] : ['member'],
        ownersOf(root.specifier),
      );
    } else if (root.kind === 'global' && nodeGlobals.has(root.name)) {
      // Of the globals, only those Node.js adds (Buffer, process) are typed outside the TypeScript
      // lib, whose own deprecations the rule leaves to editors; literals are lib values too.
      found ||= reaches(deprecated, name, direct ? ['global', 'member'] : ['member'], ['@types/node']);
    }
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ts.isIdentifier(node.expression)) {
      if (deprecated.has(node.expression.text)) check(node.expression.text, rootOf(node.expression), true);
    } else if (ts.isPropertyAccessExpression(node) && deprecated.has(node.name.text)) {
      check(node.name.text, rootOf(node.expression), ts.isIdentifier(node.expression));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
