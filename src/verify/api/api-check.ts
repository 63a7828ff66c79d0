import { dirname } from 'node:path';
import ts from 'typescript';
import type { Check, CheckContext, TypeDiagnostic } from '../check.js';
import type { Finding } from '../finding.js';
import { compilerOptionsFor, isTypeCheckedFile, isVerifiableFile } from '../project.js';
import { type ApiProblem, toFinding } from './api-finding.js';
import {
  type DeprecatedIndex,
  deprecatedNames,
  deprecatedNamesKey,
  readCachedDeprecatedNames,
  writeCachedDeprecatedNames,
} from './deprecated-names.js';
import { isBareSpecifier, isNodeBuiltin, packageNameOf } from './package-index.js';
import { checkModuleReference, collectModuleReferences, type ModuleReference } from './package-rules.js';
import { cachedPackageAnswers, confirmPackages } from './registry-lookup.js';
import { runtimeMemberNames } from './runtime-members.js';
import {
  checkArity,
  checkDeprecated,
  checkImportBinding,
  checkMemberAccess,
  type SymbolRuleContext,
} from './symbol-rules.js';
import {
  createRootResolver,
  explainFromSyntax,
  hasDeprecationCandidates,
  nodeStartingAt,
} from './syntactic-rules.js';
import { hasTsCheckComment } from './value-origin.js';

/** Compiler codes for a missing member and a wrong argument count: the cases the API rules explain better. */
const memberCodes = new Set([2339, 2551]);
const arityCodes = new Set([2554, 2555, 2575]);

/** Compiler diagnostic codes that the API check reports in its own words; the types check drops them. */
export const apiDiagnosticCodes: ReadonlySet<number> = new Set([
  ...memberCodes,
  ...arityCodes,
  2305,
  2307,
  2724,
  2614,
  1192,
  2792,
]);

function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

function isModuleLoad(expression: ts.Expression): boolean {
  const inner = ts.isAwaitExpression(expression) ? expression.expression : expression;
  return (
    ts.isCallExpression(inner) &&
    ((ts.isIdentifier(inner.expression) && inner.expression.text === 'require') ||
      inner.expression.kind === ts.SyntaxKind.ImportKeyword)
  );
}

/** Calls around a node, innermost first: an excess argument may itself be a call. */
function enclosingCalls(node: ts.Node | undefined): (ts.CallExpression | ts.NewExpression)[] {
  const calls: (ts.CallExpression | ts.NewExpression)[] = [];
  for (let current = node; current && calls.length < 3; current = current.parent) {
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) calls.push(current);
    if (ts.isBlock(current) || ts.isSourceFile(current)) break;
  }
  return calls;
}

/** Walks a whole file with the checker: JavaScript, which the compiler itself does not check. */
function walkWithChecker(
  rules: SymbolRuleContext,
  deprecated: DeprecatedIndex,
  problems: ApiProblem[],
): void {
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause) {
      addImportBindings(rules, node, problems);
    } else if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.name) &&
      !isAssignmentTarget(node)
    ) {
      const problem = checkMemberAccess(rules, node.expression, node.name, 'member');
      if (problem) problems.push(problem);
      else if (deprecated.has(node.name.text) && !isCallee(node))
        pushIf(problems, checkDeprecated(rules, node.name));
    } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name)) {
      const kind = isModuleLoad(node.initializer) ? 'export' : 'member';
      for (const element of node.name.elements) {
        const property = element.propertyName ?? element.name;
        if (element.dotDotDotToken || !ts.isIdentifier(property)) continue;
        pushIf(problems, checkMemberAccess(rules, node.initializer, property, kind));
      }
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const arity = checkArity(rules, node);
      if (arity) problems.push(arity);
      else if (deprecated.has(calleeText(node))) pushIf(problems, checkDeprecated(rules, node));
    }
    ts.forEachChild(node, visit);
  };
  visit(rules.sourceFile);
}

/** For files the compiler checks: explain its API diagnostics, and look for deprecated uses by name. */
function explainDiagnostics(
  rules: SymbolRuleContext,
  deprecated: DeprecatedIndex,
  diagnostics: readonly TypeDiagnostic[],
  problems: ApiProblem[],
): void {
  const { sourceFile } = rules;
  for (const diagnostic of diagnostics) {
    if (!memberCodes.has(diagnostic.code) && !arityCodes.has(diagnostic.code)) continue;
    const position = sourceFile.getPositionOfLineAndCharacter(diagnostic.line - 1, diagnostic.column - 1);
    const node = nodeStartingAt(sourceFile, position);
    if (memberCodes.has(diagnostic.code)) {
      const parent = node?.parent;
      if (
        node &&
        ts.isIdentifier(node) &&
        parent &&
        ts.isPropertyAccessExpression(parent) &&
        parent.name === node
      ) {
        pushIf(problems, checkMemberAccess(rules, parent.expression, node, 'member'));
      }
    } else {
      for (const call of enclosingCalls(node)) {
        const problem = checkArity(rules, call);
        if (problem) {
          problems.push(problem);
          break;
        }
      }
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause) addImportBindings(rules, node, problems);
    else if (ts.isPropertyAccessExpression(node) && deprecated.has(node.name.text) && !isCallee(node)) {
      pushIf(problems, checkDeprecated(rules, node.name));
    } else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && deprecated.has(calleeText(node))) {
      pushIf(problems, checkDeprecated(rules, node));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

function addImportBindings(
  rules: SymbolRuleContext,
  node: ts.ImportDeclaration,
  problems: ApiProblem[],
): void {
  const clause = node.importClause;
  if (!clause || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) return;
  if (clause.name) pushIf(problems, checkImportBinding(rules, clause, node.moduleSpecifier));
  if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
    for (const specifier of clause.namedBindings.elements) {
      pushIf(problems, checkImportBinding(rules, specifier, node.moduleSpecifier));
    }
  }
}

function isCallee(node: ts.Node): boolean {
  const parent = node.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node;
}

function calleeText(node: ts.CallExpression | ts.NewExpression): string {
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return ts.isIdentifier(callee) ? callee.text : '';
}

function pushIf(problems: ApiProblem[], problem: ApiProblem | undefined): void {
  if (problem) problems.push(problem);
}

/**
 * API accuracy: packages that do not exist, are not declared or not installed, or look like typos;
 * imports of missing exports; missing members; wrong argument counts; deprecated APIs. JavaScript
 * files get the same rules, checked against the installed packages' type declarations.
 */
export function createApiCheck(): Check {
  return {
    id: 'api',
    description:
      'API accuracy: packages, exports, members, arity and deprecations, checked against what is installed',
    scope: 'file',
    appliesTo: isVerifiableFile,
    async run(context: CheckContext): Promise<Finding[]> {
      const { project } = context;
      const targets = context.targetFiles.filter(isVerifiableFile);
      const isCompilerChecked = (file: string) => isTypeCheckedFile(project, file);
      // Asked first and awaited after the imports are read, so that parsing here overlaps a native compiler's run.
      const pendingDiagnostics = targets.some(isCompilerChecked) ? context.typeDiagnostics() : undefined;
      // A failure is reported where it is awaited; this keeps Node from reporting it early.
      pendingDiagnostics?.catch(() => undefined);
      const unconfirmed = new Map<string, ModuleReference[]>();
      const findings: Finding[] = [];
      const unknownPackageFindings = new Map<ModuleReference, Finding>();
      const importedPackages = new Set<string>();
      const parsed = new Map<string, ts.SourceFile>();
      for (const fileName of targets) {
        const sourceFile = context.getSourceFile(fileName);
        if (!sourceFile || sourceFile.text.length === 0) continue;
        parsed.set(fileName, sourceFile);
        for (const reference of collectModuleReferences(sourceFile)) {
          if (isBareSpecifier(reference.specifier)) {
            importedPackages.add(
              isNodeBuiltin(reference.specifier) ? '@types/node' : packageNameOf(reference.specifier),
            );
          }
          const packageContext = {
            compilerOptions: compilerOptionsFor(project, fileName),
            packages: project.packages,
            sourceFile,
            unconfirmed,
          };
          const problem = checkModuleReference(packageContext, reference);
          if (!problem) continue;
          const finding = toFinding(context, sourceFile, problem);
          findings.push(finding);
          if (problem.ruleId === 'api/unknown-package') unknownPackageFindings.set(reference, finding);
        }
      }

      // Without cached deprecated names they come from the program's declaration files: built here,
      // before the native compiler's answer is awaited, the program's parsing overlaps its run.
      const namesKey = pendingDiagnostics ? deprecatedNamesKey(project, importedPackages) : undefined;
      const cachedNames = namesKey
        ? readCachedDeprecatedNames(context.settings.cacheDirectory, namesKey)
        : undefined;
      if (namesKey && !cachedNames) context.getProgram();

      const diagnosticsByFile = new Map<string, TypeDiagnostic[]>();
      for (const diagnostic of pendingDiagnostics ? await pendingDiagnostics : []) {
        if (!diagnostic.fileName) continue;
        const list = diagnosticsByFile.get(diagnostic.fileName) ?? [];
        list.push(diagnostic);
        diagnosticsByFile.set(diagnostic.fileName, list);
      }

      // Files the native compiler checked are explained from syntax, unless they use a name that
      // is deprecated somewhere: only those, and JavaScript, need this process's type checker.
      const fromSyntax = new Set(
        context.nativeDiagnostics()
          ? targets.filter((file) => isCompilerChecked(file) && project.configFileNames.has(file))
          : [],
      );
      let names = fromSyntax.size > 0 ? cachedNames : undefined;
      if (fromSyntax.size > 0 && !names && namesKey) {
        // The names are read from syntax alone, so a cold run explains the same files from syntax as a warm one.
        names = deprecatedNames(context.getProgram());
        writeCachedDeprecatedNames(context.settings.cacheDirectory, namesKey, names);
      }
      const needChecker: string[] = [];
      for (const [fileName, sourceFile] of parsed) {
        if (context.signal.aborted) break;
        if (names && fromSyntax.has(fileName)) {
          const rootOf = createRootResolver(sourceFile);
          if (!hasDeprecationCandidates(sourceFile, names, rootOf)) {
            const syntaxContext = {
              sourceFile,
              packages: project.packages,
              rootOf,
              fromDirectory: dirname(fileName),
            };
            const explained = explainFromSyntax(syntaxContext, diagnosticsByFile.get(fileName) ?? []);
            if (!explained.needsChecker) {
              for (const problem of explained.problems)
                findings.push(toFinding(context, sourceFile, problem));
              continue;
            }
          }
        }
        needChecker.push(fileName);
      }
      if (needChecker.length > 0) {
        const program = context.getProgram();
        const checker = program.getTypeChecker();
        const deprecated = deprecatedNames(program);
        for (const fileName of needChecker) {
          if (context.signal.aborted) break;
          const sourceFile = program.getSourceFile(fileName);
          if (!sourceFile) continue;
          const problems: ApiProblem[] = [];
          if (!isCompilerChecked(fileName)) {
            const rules: SymbolRuleContext = {
              program,
              checker,
              sourceFile,
              assignedNames: runtimeMemberNames(program),
              looseJavaScript: !hasTsCheckComment(sourceFile),
            };
            walkWithChecker(rules, deprecated, problems);
          } else {
            const rules: SymbolRuleContext = { program, checker, sourceFile, assignedNames: new Set() };
            explainDiagnostics(rules, deprecated, diagnosticsByFile.get(fileName) ?? [], problems);
          }
          for (const problem of problems) findings.push(toFinding(context, sourceFile, problem));
        }
      }
      if (unconfirmed.size > 0) {
        const names = [...unconfirmed.keys()];
        const answers = context.settings.registryLookup
          ? await confirmPackages(names, context.settings.cacheDirectory)
          : cachedPackageAnswers(names, context.settings.cacheDirectory);
        for (const [name, references] of unconfirmed) {
          const exists = answers.get(name);
          if (exists === undefined) continue;
          for (const reference of references) {
            const finding = unknownPackageFindings.get(reference);
            if (!finding) continue;
            finding.checkedAgainst = 'the npm registry';
            if (exists) {
              finding.ruleId = 'api/undeclared-package';
              finding.message = `Package ${name} exists on the npm registry but is neither declared in package.json nor installed.`;
              finding.hint = `Add it to package.json if it is the package you mean (npm install ${name}), or import one that is declared.`;
            } else {
              finding.ruleId = 'api/nonexistent-package';
              finding.message = `Package "${name}" does not exist on the npm registry.`;
              finding.hint = 'Replace it with a package that exists; an AI may have invented this name.';
            }
          }
        }
      }
      return findings;
    },
  };
}
