import { PackageIndex } from '../api/package-index.js';
import { type InstallCommand, installCommandFor } from './package-manager.js';

// Optional and peer dependencies may be absent on purpose (another platform, the host's copy).
const requiredFields = new Set(['dependencies', 'devDependencies']);

/** Declared packages that are not installed, and how to install them. */
export interface MissingDependencies {
  /** Declared package names with no installed copy, sorted. */
  packages: string[];
  /** Whether nothing at all is installed (no node_modules). */
  noneInstalled: boolean;
  install: InstallCommand;
}

/**
 * The project's declared dependencies that have no installed copy, looking up node_modules the way
 * Node.js does; undefined when everything declared is installed or nothing is declared.
 */
export function findMissingDependencies(root: string): MissingDependencies | undefined {
  const packages = new PackageIndex(root);
  if (!packages.hasManifest || packages.declared.size === 0) return undefined;
  const missing = [...packages.declared.keys()]
    .filter(
      (name) =>
        requiredFields.has(packages.declared.get(name) ?? '') &&
        !packages.workspacePackages.has(name) &&
        !packages.findInstalled(name, root),
    )
    .sort();
  if (missing.length === 0) return undefined;
  return { packages: missing, noneInstalled: !packages.hasNodeModules(), install: installCommandFor(root) };
}

/** The `@types` package that would declare a package's types (`@types/node` for `node`). */
export function typesPackageFor(name: string): string {
  if (name.startsWith('@types/')) return name;
  return name.startsWith('@') ? `@types/${name.slice(1).replace('/', '__')}` : `@types/${name}`;
}
