import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { closestMatch } from '../../core/suggest.js';
import { type ApiProblem, apiRules } from './api-finding.js';
import {
  isBareSpecifier,
  isNodeBuiltin,
  type PackageIndex,
  packageNameOf,
  prefixOnlyBuiltins,
} from './package-index.js';
import { popularPackages } from './popular-packages.js';

/** A module specifier in a file: an import, export-from, require() or import(). */
export interface ModuleReference {
  specifier: string;
  node: ts.StringLiteralLike;
}

/** Every module a file refers to, in source order. */
export function collectModuleReferences(sourceFile: ts.SourceFile): ModuleReference[] {
  const references: ModuleReference[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteralLike(node.moduleSpecifier)
    ) {
      references.push({ specifier: node.moduleSpecifier.text, node: node.moduleSpecifier });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteralLike(node.moduleReference.expression)
    ) {
      references.push({
        specifier: node.moduleReference.expression.text,
        node: node.moduleReference.expression,
      });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const [argument] = node.arguments;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isDynamicImport) && argument && ts.isStringLiteralLike(argument)) {
        references.push({ specifier: argument.text, node: argument });
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) references.push({ specifier: literal.text, node: literal });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return references;
}

const resolutionCaches = new WeakMap<ts.CompilerOptions, ts.ModuleResolutionCache>();

/** Resolves a specifier the way a program with these options would (same resolution mode). */
function resolveModule(
  options: ts.CompilerOptions,
  sourceFile: ts.SourceFile,
  node: ts.StringLiteralLike,
): ts.ResolvedModuleFull | undefined {
  let cache = resolutionCaches.get(options);
  if (!cache) {
    cache = ts.createModuleResolutionCache(process.cwd(), (fileName) => fileName, options);
    resolutionCaches.set(options, cache);
  }
  const mode = ts.getModeForUsageLocation(sourceFile, node, options);
  return ts.resolveModuleName(node.text, sourceFile.fileName, options, ts.sys, cache, undefined, mode)
    .resolvedModule;
}

// Modules that exist only with the `node:` prefix are missing from builtinModules on Node.js 20.
const nodeBuiltinNames = [...builtinModules.filter((name) => !name.startsWith('_')), ...prefixOnlyBuiltins];
const relativeSourceExtensions = [
  '',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.json',
  '.d.ts',
];

function relativeTargetExists(fromFile: string, specifier: string): boolean {
  // A bundler's query (`./style.css?url`, `./worker.ts?worker`) is not part of the file name.
  const base = resolve(dirname(fromFile), specifier.replace(/\?.*$/, ''));
  const withoutJs = base.replace(/\.(c|m)?jsx?$/, '');
  const candidates = [base, withoutJs].flatMap((stem) => [
    ...relativeSourceExtensions.map((extension) => stem + extension),
    ...relativeSourceExtensions.slice(1).map((extension) => resolve(stem, `index${extension}`)),
  ]);
  return candidates.some((candidate) => existsSync(candidate));
}

function isInNodeModules(fileName: string): boolean {
  return /[\\/]node_modules[\\/]/.test(fileName);
}

/** Whether a specifier matches a key of tsconfig `paths` (exact, or a pattern with one `*`). */
function matchingPathAlias(options: ts.CompilerOptions, specifier: string): string | undefined {
  return Object.keys(options.paths ?? {}).find((key) => {
    const star = key.indexOf('*');
    if (star < 0) return key === specifier;
    return (
      specifier.length >= key.length - 1 &&
      specifier.startsWith(key.slice(0, star)) &&
      specifier.endsWith(key.slice(star + 1))
    );
  });
}

/**
 * A problem with a specifier that names the project's own code rather than a package: `null` when
 * it is fine, undefined when it is not local and the package rules decide.
 */
function localSpecifierProblem(
  options: ts.CompilerOptions,
  packages: PackageIndex,
  { specifier, node }: ModuleReference,
  fromDirectory: string,
): ApiProblem | null | undefined {
  if (specifier.startsWith('#')) {
    if (packages.hasPackageImport(specifier, fromDirectory)) return null;
    return {
      ruleId: apiRules.missingModule,
      node,
      message: `Module "${specifier}" does not exist: the package.json "imports" field has no entry that matches it.`,
      hint: 'Add the entry to "imports" in package.json, or import a path that exists.',
    };
  }
  const alias = matchingPathAlias(options, specifier);
  // A catch-all `*` alias says nothing about whether a bare name is a package.
  if (!alias || alias === '*') return undefined;
  return {
    ruleId: apiRules.missingModule,
    node,
    message: `Module "${specifier}" does not exist: it matches the tsconfig path alias "${alias}", but no file is there.`,
    hint: `Import a file that exists under the folders "${alias}" maps to, or fix "paths" in tsconfig.`,
  };
}

export interface PackageRuleContext {
  compilerOptions: ts.CompilerOptions;
  packages: PackageIndex;
  sourceFile: ts.SourceFile;
  /** Packages to confirm against the registry after the walk (only when lookups are enabled). */
  unconfirmed: Map<string, ModuleReference[]>;
}

/** Checks one module specifier: does the package exist, is it declared, installed, spelled right. */
export function checkModuleReference(
  { compilerOptions, packages, sourceFile, unconfirmed }: PackageRuleContext,
  reference: ModuleReference,
): ApiProblem | undefined {
  const { specifier, node } = reference;
  const resolved = resolveModule(compilerOptions, sourceFile, node);
  if (!isBareSpecifier(specifier)) {
    if (
      resolved ||
      !/^\.{1,2}(\/|$)/.test(specifier) ||
      relativeTargetExists(sourceFile.fileName, specifier)
    ) {
      return undefined;
    }
    return {
      ruleId: apiRules.missingModule,
      node,
      message: `Module "${specifier}" does not exist: no file matches it next to this one.`,
      hint: 'Import a file that exists, or create the module before importing from it.',
    };
  }
  if (specifier.startsWith('node:') && !isNodeBuiltin(specifier)) {
    const intended = closestMatch(specifier.slice('node:'.length), nodeBuiltinNames);
    return {
      ruleId: apiRules.nonexistentPackage,
      node,
      message: `"${specifier}" is not a Node.js built-in module.${intended ? ` Did you mean "node:${intended}"?` : ''}`,
      hint: intended
        ? `Import "node:${intended}".`
        : 'Node.js has no such module; use a built-in or an npm package.',
      ...(intended ? { suggestion: `node:${intended}` } : {}),
      checkedAgainst: `Node.js ${process.versions.node}`,
    };
  }
  if (isNodeBuiltin(specifier)) return undefined;
  // An import the compiler resolves to the project's own files is local code: a path alias, a
  // package import (`#lib`) or a linked workspace package. Only what resolves into node_modules is a package.
  if (resolved && !isInNodeModules(resolved.resolvedFileName)) return undefined;
  const fromDirectory = dirname(sourceFile.fileName);
  const local = localSpecifierProblem(compilerOptions, packages, reference, fromDirectory);
  if (local !== undefined) return local ?? undefined;

  const name = packageNameOf(specifier);
  if (name === packages.manifestName || packages.workspacePackages.has(name)) return undefined;
  const declared = packages.isDeclared(name, fromDirectory);
  const installed = packages.findInstalled(name, fromDirectory);
  if (declared && installed) {
    if (
      !resolved &&
      specifier !== name &&
      !existsSync(resolve(installed.directory, specifier.slice(name.length + 1)))
    ) {
      return {
        ruleId: apiRules.missingModule,
        node,
        message: `Package ${name} has no module "${specifier}".`,
        hint: `Check the entry points ${name}@${installed.version} exports (its package.json "exports").`,
        checkedAgainst: `${name}@${installed.version}`,
      };
    }
    return undefined;
  }
  if (declared) {
    const noModules = !packages.hasNodeModules();
    return {
      ruleId: apiRules.packageNotInstalled,
      node,
      message: `Package ${name} is declared in package.json but not installed${noModules ? ' (the project has no node_modules)' : ''}.`,
      hint: 'Install the dependencies (npm install, pnpm install, yarn) and verify again.',
    };
  }
  if (installed) {
    return {
      ruleId: apiRules.undeclaredPackage,
      node,
      message: `Package ${name} is imported but not declared in package.json; it resolves only because another package installed it.`,
      hint: `Add it to package.json: npm install ${name}@^${installed.version}.`,
      checkedAgainst: `${name}@${installed.version}`,
    };
  }
  if (packages.lockfileNames.has(name)) {
    return {
      ruleId: apiRules.undeclaredPackage,
      node,
      message: `Package ${name} is imported but not declared in package.json, and not installed; the lockfile has it only as another package's dependency.`,
      hint: `Add it to package.json (npm install ${name}) and install the dependencies.`,
    };
  }
  const candidates = new Set([...packages.declared.keys(), ...popularPackages]);
  candidates.delete(name);
  const intended = popularPackages.includes(name) ? undefined : closestMatch(name, candidates);
  if (intended) {
    return {
      ruleId: apiRules.typosquatPackage,
      node,
      message: `Package "${name}" is neither declared nor installed, and its name is a small edit away from "${intended}": a likely typo, and names like it are used for malicious look-alike packages. Did you mean "${intended}"?`,
      hint: `Import "${specifier.replace(name, intended)}" instead; never install "${name}" without checking who publishes it.`,
      suggestion: specifier.replace(name, intended),
    };
  }
  const waiting = unconfirmed.get(name) ?? [];
  waiting.push(reference);
  unconfirmed.set(name, waiting);
  return {
    ruleId: apiRules.unknownPackage,
    node,
    message: `Package "${name}" is neither declared in package.json nor installed; it may not exist at all.`,
    hint: `If it is real, add it with \`npm install ${name}\`; otherwise replace it with a package that exists.`,
  };
}
