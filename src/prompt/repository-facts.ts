import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export interface DependencyFact {
  name: string;
  /** The range in package.json. */
  declared: string;
  /** The version in node_modules, when installed. */
  installed: string | undefined;
  development: boolean;
}

/** What the repository says about its tools, read from package.json and node_modules. */
export interface RepositoryFacts {
  /** The folder holding package.json, if any was found at or above the root. */
  packageRoot: string | undefined;
  moduleType: 'module' | 'commonjs';
  dependencies: DependencyFact[];
  /** Test frameworks the repository uses, such as `vitest` or `node:test`. */
  testFrameworks: string[];
}

const manifestSchema = z.looseObject({
  type: z.string().optional(),
  version: z.string().optional(),
  scripts: z.record(z.string(), z.string()).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
  peerDependencies: z.record(z.string(), z.string()).optional(),
});

function readManifest(path: string): z.infer<typeof manifestSchema> | undefined {
  try {
    const result = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** The installed version of a package, found the way Node resolves it: node_modules folders upwards. */
function installedVersion(name: string, from: string): string | undefined {
  for (let directory = from; ; directory = dirname(directory)) {
    const manifestPath = join(directory, 'node_modules', name, 'package.json');
    if (existsSync(manifestPath)) return readManifest(manifestPath)?.version;
    if (dirname(directory) === directory) return undefined;
  }
}

/** Test frameworks a constraint may name, with the package that shows a repository uses each. */
export const testFrameworkPackages: Readonly<Record<string, string>> = {
  jest: 'jest',
  vitest: 'vitest',
  mocha: 'mocha',
  jasmine: 'jasmine',
  ava: 'ava',
  tap: 'tap',
};

/** Reads package.json at or above `root`, and the installed version of each dependency. */
export function readRepositoryFacts(root: string): RepositoryFacts {
  let packageRoot: string | undefined;
  for (let directory = root; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'package.json'))) {
      packageRoot = directory;
      break;
    }
    if (dirname(directory) === directory || existsSync(join(directory, '.git'))) break;
  }
  const manifest = packageRoot ? readManifest(join(packageRoot, 'package.json')) : undefined;
  const dependencies: DependencyFact[] = [];
  const add = (ranges: Record<string, string> | undefined, development: boolean) => {
    for (const [name, declared] of Object.entries(ranges ?? {})) {
      if (dependencies.some((dependency) => dependency.name === name)) continue;
      dependencies.push({
        name,
        declared,
        installed: packageRoot ? installedVersion(name, packageRoot) : undefined,
        development,
      });
    }
  };
  add(manifest?.dependencies, false);
  add(manifest?.peerDependencies, false);
  add(manifest?.devDependencies, true);
  dependencies.sort((left, right) => left.name.localeCompare(right.name));

  const testFrameworks = Object.entries(testFrameworkPackages)
    .filter(([, name]) => dependencies.some((dependency) => dependency.name === name))
    .map(([framework]) => framework);
  const scripts = Object.values(manifest?.scripts ?? {}).join('\n');
  if (/\bnode\b[^\n]*--test\b/.test(scripts)) testFrameworks.push('node:test');
  return {
    packageRoot,
    moduleType: manifest?.type === 'module' ? 'module' : 'commonjs',
    dependencies,
    testFrameworks: testFrameworks.sort(),
  };
}
