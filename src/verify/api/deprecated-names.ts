import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import type { VerifyProject } from '../project.js';
import { isExternalSourceFile } from './api-finding.js';

/**
 * Where a deprecated declaration lives: at the top of a module (`util.isArray`, an imported
 * function), as a member of an interface, class or namespace (`Buffer#slice`, `ZodString#email`),
 * or in the global scope (`escape`, `new Buffer()`).
 */
export type DeprecatedPlace = 'module' | 'member' | 'global';

/** Deprecated names, each with the places and packages that declare it (`member zod`, `module @types/node`). */
export type DeprecatedIndex = ReadonlyMap<string, ReadonlySet<string>>;

const cache = new WeakMap<ts.Program, DeprecatedIndex>();

/** The package a declaration file belongs to, by its folder under node_modules. */
export function packageOfFile(fileName: string): string | undefined {
  const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*[\\/]node_modules[\\/])/.exec(
    fileName,
  );
  return match?.[1]?.replace('\\', '/');
}

function placeOf(node: ts.Node): DeprecatedPlace {
  for (let current = node.parent; current; current = current.parent) {
    if (
      ts.isInterfaceDeclaration(current) ||
      ts.isClassDeclaration(current) ||
      ts.isTypeLiteralNode(current)
    ) {
      return 'member';
    }
    if (ts.isModuleDeclaration(current)) {
      if (ts.isStringLiteral(current.name)) return 'module';
      if (current.name.text === 'global') return 'global';
      return 'member';
    }
    if (ts.isSourceFile(current)) return ts.isExternalModule(current) ? 'module' : 'global';
  }
  return 'global';
}

function deprecatedEntry(node: ts.Node): { name: string; place: DeprecatedPlace } | undefined {
  if (
    ts.isConstructSignatureDeclaration(node) ||
    ts.isCallSignatureDeclaration(node) ||
    ts.isConstructorDeclaration(node)
  ) {
    const owner = node.parent;
    if ((ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) && owner.name) {
      // Lib style: `interface BufferConstructor { new(…) }` backs `declare var Buffer: BufferConstructor`,
      // so the deprecated use is a call of the name itself, where the interface is declared.
      return { name: owner.name.text.replace(/Constructor$/, ''), place: placeOf(owner) };
    }
    return undefined;
  }
  const name = (node as { name?: ts.Node }).name;
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) {
    return { name: name.text, place: placeOf(node) };
  }
  return undefined;
}

/**
 * Names that some external declaration marks `@deprecated`, with where each is declared, read from
 * the syntax trees alone. The API check asks the type checker about a use only when its name and
 * place match, which keeps the deprecation rule cheap on large TypeScript projects.
 */
export function deprecatedNames(program: ts.Program): DeprecatedIndex {
  const cached = cache.get(program);
  if (cached) return cached;
  const index = new Map<string, Set<string>>();
  let owner = '';
  const add = (entry: { name: string; place: DeprecatedPlace } | undefined) => {
    if (!entry) return;
    const places = index.get(entry.name) ?? new Set<string>();
    places.add(`${entry.place} ${owner}`);
    index.set(entry.name, places);
  };
  const visit = (node: ts.Node): void => {
    if ((node.flags & ts.NodeFlags.JSDoc) === 0 && ts.getJSDocDeprecatedTag(node)) {
      if (ts.isVariableStatement(node)) {
        for (const declaration of node.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) add({ name: declaration.name.text, place: placeOf(node) });
        }
      } else {
        add(deprecatedEntry(node));
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const sourceFile of program.getSourceFiles()) {
    // The TypeScript lib's own deprecations (DOM, legacy ES) are left to editors: the rule covers
    // the APIs of packages and of Node.js. Only declaration text can carry the tag.
    if (program.isSourceFileDefaultLibrary(sourceFile) || !sourceFile.text.includes('@deprecated')) continue;
    if (!isExternalSourceFile(program, sourceFile)) continue;
    owner = packageOfFile(sourceFile.fileName) ?? 'project';
    visit(sourceFile);
  }
  cache.set(program, index);
  return index;
}

const cacheFileName = 'deprecated-names.json';
const cacheSchema = z.object({
  key: z.string(),
  names: z.record(z.string(), z.array(z.string())),
});

/**
 * What the deprecated names depend on: the compiler, the lib and types options, and the versions of
 * the packages the code imports and of the installed @types. Equal keys mean equal name sets.
 */
export function deprecatedNamesKey(project: VerifyProject, importedPackages: Iterable<string>): string {
  const options = project.compilerOptions;
  const typesDirectory = join(project.root, 'node_modules', '@types');
  let installedTypes: string[] = [];
  try {
    installedTypes = readdirSync(typesDirectory).sort();
  } catch {
    installedTypes = [];
  }
  const version = (name: string) => project.packages.findInstalled(name)?.version ?? 'missing';
  const facts = {
    typescript: ts.version,
    options: [
      options.lib,
      options.target,
      options.types,
      options.typeRoots,
      options.module,
      options.moduleResolution,
      options.jsx,
    ],
    packages: [...new Set(importedPackages)].sort().map((name) => `${name}@${version(name)}`),
    types: installedTypes.map((name) => `@types/${name}@${version(`@types/${name}`)}`),
  };
  return createHash('sha1').update(JSON.stringify(facts)).digest('hex');
}

/** The cached name set for `key`, when an earlier run with the same key wrote one. */
export function readCachedDeprecatedNames(cacheDirectory: string, key: string): DeprecatedIndex | undefined {
  try {
    const parsed = cacheSchema.safeParse(
      JSON.parse(readFileSync(join(cacheDirectory, cacheFileName), 'utf8')),
    );
    if (!parsed.success || parsed.data.key !== key) return undefined;
    return new Map(Object.entries(parsed.data.names).map(([name, places]) => [name, new Set(places)]));
  } catch {
    return undefined;
  }
}

export function writeCachedDeprecatedNames(
  cacheDirectory: string,
  key: string,
  index: DeprecatedIndex,
): void {
  try {
    mkdirSync(cacheDirectory, { recursive: true });
    const names = Object.fromEntries(
      [...index.entries()].map(([name, places]) => [name, [...places].sort()]),
    );
    writeFileSync(join(cacheDirectory, cacheFileName), JSON.stringify({ key, names }));
  } catch {
    // A read-only checkout works without the cache; the next run computes the names again.
  }
}
