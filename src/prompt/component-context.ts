import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Plan, PlanComponent, RepositoryFiles } from '../plan/index.js';
import { componentFiles } from '../plan/index.js';
import type { DependencyFact, RepositoryFacts } from './repository-facts.js';

export interface ContextFile {
  path: string;
  content: string;
}

/** What the repository tells the model about a component, each part sorted so renders are repeatable. */
export interface ComponentContext {
  /** Dependencies imported by the files in view come first; the rest follow by name. */
  dependencies: (DependencyFact & { imported: boolean })[];
  tsconfig: [string, string][];
  /** Files the component may touch; `content` is undefined for a file it creates. */
  touched: { path: string; content: string | undefined }[];
  /** Files the touched files import, relative imports only. */
  neighbours: ContextFile[];
  /** An existing sibling to follow as the pattern, when the component creates files. */
  pattern: ContextFile | undefined;
  /** Example files named in the plan. */
  examples: ContextFile[];
  /** Other files in the touched files' folders, by name only. */
  folderListing: string[];
}

const tsconfigKeys = [
  'target',
  'module',
  'moduleResolution',
  'strict',
  'noUncheckedIndexedAccess',
  'exactOptionalPropertyTypes',
  'verbatimModuleSyntax',
  'isolatedModules',
  'esModuleInterop',
  'jsx',
  'lib',
  'types',
  'baseUrl',
  'paths',
  'allowJs',
  'noImplicitAny',
] as const;

function stripJsonComments(text: string): string {
  return text
    .replace(
      /("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
      (_match, string: string | undefined) => string ?? '',
    )
    .replace(/,(\s*[}\]])/g, '$1');
}

function readCompilerOptions(path: string, depth = 0): Record<string, unknown> {
  if (depth > 5 || !existsSync(path)) return {};
  let parsed: { extends?: unknown; compilerOptions?: Record<string, unknown> };
  try {
    parsed = JSON.parse(stripJsonComments(readFileSync(path, 'utf8')));
  } catch {
    return {};
  }
  const base =
    typeof parsed.extends === 'string' && parsed.extends.startsWith('.')
      ? readCompilerOptions(
          join(
            posix.dirname(path),
            parsed.extends.endsWith('.json') ? parsed.extends : `${parsed.extends}.json`,
          ),
          depth + 1,
        )
      : {};
  return { ...base, ...(parsed.compilerOptions ?? {}) };
}

/** The tsconfig settings that change what code must look like, from the nearest tsconfig.json. */
export function readTsconfigSettings(root: string, packageRoot: string | undefined): [string, string][] {
  const candidates = [
    join(root, 'tsconfig.json'),
    ...(packageRoot ? [join(packageRoot, 'tsconfig.json')] : []),
  ];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (!path) return [];
  const options = readCompilerOptions(path);
  return tsconfigKeys
    .filter((key) => options[key] !== undefined)
    .map((key) => [key, JSON.stringify(options[key])]);
}

function relativeImports(content: string): string[] {
  const found = new Set<string>();
  for (const match of content.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    if (match[1]) found.add(match[1]);
  }
  return [...found];
}

function resolveImport(fromFile: string, specifier: string, files: RepositoryFiles): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  const withoutExtension = target.replace(/\.(?:js|mjs|cjs|jsx)$/, '');
  const candidates = [
    target,
    `${withoutExtension}.ts`,
    `${withoutExtension}.tsx`,
    `${target}.ts`,
    `${target}/index.ts`,
    `${withoutExtension}.js`,
  ];
  return candidates.find((candidate) => files.has(candidate));
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  return specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
}

function suffixOf(path: string): string {
  const name = posix.basename(path);
  const firstDot = name.indexOf('.');
  return firstDot === -1 ? '' : name.slice(firstDot);
}

/** Gathers the repository context for one component's prompt. */
export function gatherComponentContext(
  plan: Plan,
  component: PlanComponent,
  files: RepositoryFiles,
  facts: RepositoryFacts,
): ComponentContext {
  const read = (path: string) => readFileSync(join(plan.root, path), 'utf8');
  const touchedPaths = componentFiles(component, files);
  const touched = touchedPaths.map((path) => ({ path, content: files.has(path) ? read(path) : undefined }));
  const inScope = new Set(touchedPaths);

  const examples = (component.prompt.examples ?? [])
    .map((example) => example.file)
    .filter((path): path is string => path !== undefined && files.has(path))
    .sort()
    .map((path) => ({ path, content: read(path) }));
  const exampleSet = new Set(examples.map((example) => example.path));

  let pattern: ContextFile | undefined;
  const created = touched.filter((file) => file.content === undefined);
  for (const file of examples.length === 0 ? created : []) {
    const siblings = files.files.filter(
      (candidate) =>
        posix.dirname(candidate) === posix.dirname(file.path) &&
        !inScope.has(candidate) &&
        suffixOf(candidate) === suffixOf(file.path),
    );
    const sibling = siblings[0];
    if (sibling) {
      pattern = { path: sibling, content: read(sibling) };
      break;
    }
  }

  const neighbourPaths = new Set<string>();
  for (const file of touched) {
    if (file.content === undefined) continue;
    for (const specifier of relativeImports(file.content)) {
      const resolved = resolveImport(file.path, specifier, files);
      if (resolved && !inScope.has(resolved) && !exampleSet.has(resolved) && resolved !== pattern?.path) {
        neighbourPaths.add(resolved);
      }
    }
  }
  const neighbours = [...neighbourPaths].sort().map((path) => ({ path, content: read(path) }));

  const folders = new Set(touchedPaths.map((path) => posix.dirname(path)));
  const shown = new Set([...inScope, ...neighbourPaths, ...exampleSet, ...(pattern ? [pattern.path] : [])]);
  const folderListing = files.files.filter((path) => folders.has(posix.dirname(path)) && !shown.has(path));

  const imported = new Set<string>();
  for (const content of [
    ...touched.map((file) => file.content ?? ''),
    ...neighbours.map((file) => file.content),
    pattern?.content ?? '',
    ...examples.map((file) => file.content),
  ]) {
    for (const match of content.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
      const name = packageOf(match[1] ?? '');
      if (name) imported.add(name);
    }
  }
  const dependencies = facts.dependencies
    .map((dependency) => ({ ...dependency, imported: imported.has(dependency.name) }))
    .sort(
      (left, right) => Number(right.imported) - Number(left.imported) || left.name.localeCompare(right.name),
    );

  return {
    dependencies,
    tsconfig: readTsconfigSettings(plan.root, facts.packageRoot),
    touched,
    neighbours,
    pattern,
    examples,
    folderListing,
  };
}
